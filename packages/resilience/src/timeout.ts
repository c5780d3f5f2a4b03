/**
 * `timeout`: give up on an operation that takes too long, and tell it so through its signal.
 *
 * # Implementation notes
 *
 * Every call of one policy has the same time limit, so its calls' deadlines come in the order the
 * calls start. The policy keeps its running calls in that order in core's `WaitQueue` (O(1) to add
 * and to remove when a call settles) and arms **one** clock timer, for the oldest call's deadline;
 * when it fires, it expires every call that is due and re-arms for the next. A call that settles in
 * time costs a clock read and two list operations, no timer of its own. The timer is `unref`'d: it
 * never holds the process open (cockatiel #11) — the operation's own I/O does that.
 *
 * The operation's abortable context makes its `AbortController` only if the operation reads
 * `ctx.signal`; a timeout that fires before then just records its reason.
 */
import { type Clock, unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core/protocol';
import { TimeoutError } from '@async/time';
import { duration, knownKeys } from './check';
import { clockOf } from './clock';
import { Context, contextOf, type ExecuteOptions, type Operation, type Policy } from './policy';

/**
 * What a timeout does at its deadline. Both abort `ctx.signal` with a `TimeoutError`.
 * - `'aggressive'`: the call rejects with the `TimeoutError` at once, whether or not the operation
 *   stops; whatever it does later is ignored (a late rejection is swallowed, never unhandled).
 * - `'cooperative'`: the call waits for the operation to settle. If it rejects (as one that honours
 *   its signal does), the call rejects with the `TimeoutError`; if it ignores the signal and resolves,
 *   the call resolves with its value, late. Use it when the caller must not go on while the
 *   operation still runs (it holds a lock, writes a file).
 */
export type TimeoutMode = 'aggressive' | 'cooperative';

/** Options of {@link timeout}. */
export interface TimeoutPolicyOptions {
  /** What happens at the deadline. @defaultValue `'aggressive'` */
  readonly mode?: TimeoutMode;
  /** The clock deadlines are measured on. @defaultValue `getDefaultClock()` of `@async/core` */
  readonly clock?: Clock;
}

/** One running call. It is a `Waiter` twice over: in the policy's deadline queue, and on the caller's signal. */
class TimeoutCall<T = unknown> extends Waiter {
  done = false;
  timedOut = false;
  constructor(
    readonly policy: TimeoutPolicy,
    readonly node: Context,
    readonly at: number,
    readonly resolve: (value: T) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }
  ok(value: T): void {
    if (this.done) return;
    this.finish();
    this.resolve(value);
  }
  fail(error: unknown): void {
    if (this.done) return;
    this.finish();
    this.reject(this.timedOut ? this.node.reason : error);
  }
  finish(): void {
    this.done = true;
    this.policy.leave(this as TimeoutCall);
    unwatchAbort(this);
    this.node.release();
  }
  /** The deadline passed. */
  expire(error: TimeoutError, aggressive: boolean): void {
    this.timedOut = true;
    this.node.abort(error);
    if (!aggressive) return;
    this.done = true;
    unwatchAbort(this);
    this.reject(error);
  }
  /** The caller's signal aborted. */
  onAbort(reason: unknown): void {
    this.node.abort(reason);
    if (!this.policy.aggressive || this.done) return;
    this.done = true;
    this.policy.leave(this as TimeoutCall);
    this.reject(reason);
  }
}

/** A timeout policy (cockatiel's `timeout`, Polly's). Made by {@link timeout}. */
export class TimeoutPolicy implements Policy {
  readonly #ms: number;
  readonly #clock: Clock | undefined;
  /** @internal */
  readonly aggressive: boolean;
  readonly #running = new WaitQueue<TimeoutCall>();
  #timer: unknown = undefined;
  #timerClock: Clock | undefined = undefined;

  /** @internal Use {@link timeout}. */
  constructor(ms: number, options?: TimeoutPolicyOptions) {
    this.#ms = duration(ms, 'ms');
    knownKeys(options, ['mode', 'clock'], 'timeout');
    const mode = options?.mode ?? 'aggressive';
    if (mode !== 'aggressive' && mode !== 'cooperative') {
      throw new TypeError(`mode must be 'aggressive' or 'cooperative', got ${JSON.stringify(mode)}`);
    }
    this.aggressive = mode === 'aggressive';
    this.#clock = options?.clock;
  }

  /** The time limit, in ms. */
  get ms(): number {
    return this.#ms;
  }

  /**
   * Runs `fn` with a time limit. Resolves or rejects as `fn` does if it settles in time. At the
   * deadline, aborts `ctx.signal` with a `TimeoutError` of `@async/time` and, in `'aggressive'` mode,
   * rejects with it at once (see {@link TimeoutMode} for `'cooperative'`).
   *
   * **Cancel safety.** The caller's abort aborts `ctx.signal` with its reason; in `'aggressive'` mode
   * the call rejects with it at once. Nothing stays on the caller's signal after the call settles.
   *
   * @example
   * ```ts
   * import { timeout } from '@async/resilience';
   * import { TestClock, TimeoutError } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install();
   * const limit = timeout(1000);
   * assert.equal(await limit.execute(() => 'fast'), 'fast');
   * let reason: unknown;
   * const slow = limit.execute(
   *   ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject((reason = signal.reason)))),
   * );
   * const checked = assert.rejects(slow, TimeoutError.is);
   * await clock.advance(1000);
   * await checked;
   * assert.ok(TimeoutError.is(reason));
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const parent = contextOf(options);
    if (parent.isAborted()) return Promise.reject(parent.abortedReason());
    const node = new Context(parent, undefined, parent.attempt, true);
    const clock = clockOf(this.#clock);
    const promise = new Promise<T>(capture);
    const call = new TimeoutCall<T>(
      this,
      node,
      clock.now() + this.#ms,
      capturedResolve as never,
      capturedReject!,
    );
    capturedResolve = capturedReject = undefined;
    let result: T | PromiseLike<T>;
    try {
      result = fn(node);
    } catch (error) {
      node.release();
      call.reject(error);
      return promise;
    }
    Promise.resolve(result).then(
      (value) => call.ok(value),
      (error: unknown) => call.fail(error),
    );
    this.#running.push(call as TimeoutCall);
    if (this.#timer === undefined) this.#arm(clock, call.at);
    const signal = parent.waitSignal();
    if (signal !== undefined) watchAbort(call, signal);
    return promise;
  }

  /** @internal A call settled or stopped waiting. */
  leave(call: TimeoutCall): void {
    this.#running.remove(call);
  }

  #arm(clock: Clock, at: number): void {
    this.#timerClock = clock;
    this.#timer = clock.schedule(at, this.#fire, { unref: true });
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    const clock = this.#timerClock!;
    const now = clock.now();
    for (let call = this.#running.peek(); call !== undefined; call = this.#running.peek()) {
      if (call.at > now) {
        this.#arm(clock, call.at);
        return;
      }
      this.#running.remove(call);
      call.expire(new TimeoutError(`the operation timed out after ${this.#ms} ms`), this.aggressive);
    }
  };
}

let capturedResolve: ((value: never) => void) | undefined;
let capturedReject: ((reason: unknown) => void) | undefined;
/** One shared promise executor, so that a call makes no executor closure. */
function capture(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * Makes a {@link TimeoutPolicy} of `ms` milliseconds. Bad input throws here, naming the parameter.
 *
 * @example
 * ```ts
 * import { timeout } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * assert.equal(timeout(250, { mode: 'cooperative' }).ms, 250);
 * assert.throws(() => timeout(-1), /ms must be a non-negative, finite number of milliseconds, got -1 \(number\)/);
 * ```
 */
export function timeout(ms: number, options?: TimeoutPolicyOptions): TimeoutPolicy {
  return new TimeoutPolicy(ms, options);
}
