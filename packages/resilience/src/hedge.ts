/**
 * `hedge`: when an attempt is slow, start another beside it; the first success wins.
 */
import { CancelledError } from '@async/core';
import { type Clock, unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';
import { duration, knownKeys, positiveInteger } from './check';
import { clockOf } from './clock';
import { Context, contextOf, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** Options of {@link hedge}. */
export interface HedgeOptions {
  /** How long an attempt may run before another starts beside it, in ms. */
  readonly delay: number;
  /** How many extra attempts may start (so `1 + maxHedged` in all). @defaultValue `1` */
  readonly maxHedged?: number;
  /** The clock delays are measured on. @defaultValue `getDefaultClock()` of `@async/core` */
  readonly clock?: Clock;
}

/** One hedged call: its attempts, its timer, and the caller's signal. */
class HedgedCall<T> extends Waiter {
  /** The attempts still running. */
  readonly live: Context[] = [];
  started = 0;
  done = false;
  timer: unknown = undefined;
  constructor(
    readonly policy: HedgePolicy,
    readonly fn: Operation<T>,
    readonly parent: Context,
    readonly clock: Clock,
    readonly resolve: (value: T) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }

  start(): void {
    const node = new Context(this.parent, undefined, this.parent.attempt, true);
    this.live.push(node);
    this.started++;
    invoke(this.fn, node).then(
      (value) => this.won(node, value),
      (error: unknown) => this.failed(node, error),
    );
    if (this.started <= this.policy.maxHedged && !this.done) {
      this.timer = this.clock.schedule(this.clock.now() + this.policy.delay, this.tick, { unref: true });
    }
  }

  readonly tick = (): void => {
    this.timer = undefined;
    if (!this.done) this.start();
  };

  /** Removes a settled attempt from the running ones and ends its link to the caller's signal. */
  settled(node: Context): void {
    const i = this.live.indexOf(node);
    if (i >= 0) this.live.splice(i, 1);
    node.release();
  }

  won(winner: Context, value: T): void {
    this.settled(winner);
    if (this.done) return;
    this.finish(new CancelledError('another hedged attempt won'));
    this.resolve(value);
  }

  failed(node: Context, error: unknown): void {
    this.settled(node);
    if (this.done) return;
    if (this.parent.isAborted()) {
      this.onAbort(this.parent.abortedReason());
      return;
    }
    // A failure does not wait out the delay: the next hedge starts at once, if any is left.
    if (this.started <= this.policy.maxHedged) {
      if (this.timer !== undefined) this.clock.cancel(this.timer);
      this.timer = undefined;
      this.start();
    } else if (this.live.length === 0) {
      this.finish(undefined);
      this.reject(error);
    }
  }

  /** Stops the timer and the watch on the caller's signal, and aborts the attempts still running. */
  finish(reason: unknown): void {
    this.done = true;
    if (this.timer !== undefined) this.clock.cancel(this.timer);
    this.timer = undefined;
    unwatchAbort(this);
    for (const node of this.live.splice(0)) node.abort(reason);
  }

  onAbort(reason: unknown): void {
    if (this.done) return;
    this.finish(reason);
    this.reject(reason);
  }
}

/** A hedging policy (Polly's hedging strategy). Made by {@link hedge}. */
export class HedgePolicy implements Policy {
  /** How long an attempt runs before the next starts beside it, in ms. */
  readonly delay: number;
  /** How many extra attempts may start. */
  readonly maxHedged: number;
  readonly #clock: Clock | undefined;

  /** @internal Use {@link hedge}. */
  constructor(options: HedgeOptions) {
    knownKeys(options, ['delay', 'maxHedged', 'clock'], 'hedge');
    if (options === undefined) throw new TypeError('hedge needs options { delay }');
    this.delay = duration(options.delay, 'delay');
    this.maxHedged = positiveInteger(options.maxHedged ?? 1, 'maxHedged');
    this.#clock = options.clock;
  }

  /**
   * Runs `fn`; each time `delay` ms pass without a result (or as soon as an attempt fails), starts
   * another attempt, up to `maxHedged` extra ones. Resolves with the first success and aborts the
   * other attempts' `ctx.signal` (with a `CancelledError`); their later outcomes are ignored. Rejects
   * with the error of the attempt that failed last once every attempt has failed.
   *
   * **Cancel safety.** The caller's abort aborts every running attempt and rejects at once with its
   * reason; no timer or listener is left.
   *
   * @example
   * ```ts
   * import { hedge } from '@async/resilience';
   * import { sleep, TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install({ autoAdvance: true });
   * const policy = hedge({ delay: 50 });
   * const start = clock.now();
   * let started = 0;
   * const answer = await policy.execute(async ({ signal }) => {
   *   const n = ++started;
   *   await sleep(n === 1 ? 1000 : 10, { signal }); // the first attempt is stuck
   *   return `attempt ${n}`;
   * });
   * assert.equal(answer, 'attempt 2');
   * assert.equal(clock.now() - start, 60); // 50 ms before the hedge, 10 ms for it
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const parent = contextOf(options);
    if (parent.isAborted()) return Promise.reject(parent.abortedReason());
    return new Promise<T>((resolve, reject) => {
      const call = new HedgedCall<T>(this, fn, parent, clockOf(this.#clock), resolve, reject);
      call.start();
      if (call.done) return;
      const signal = parent.waitSignal();
      if (signal !== undefined) watchAbort(call, signal);
    });
  }
}

/**
 * Makes a {@link HedgePolicy}. Bad options throw here, naming the option.
 *
 * @example
 * ```ts
 * import { hedge } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * assert.equal(hedge({ delay: 100, maxHedged: 2 }).maxHedged, 2);
 * assert.throws(() => hedge({ delay: -5 }), /delay must be a non-negative, finite number of milliseconds, got -5/);
 * ```
 */
export function hedge(options: HedgeOptions): HedgePolicy {
  return new HedgePolicy(options);
}
