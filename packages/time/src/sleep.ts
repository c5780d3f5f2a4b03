import { CancelledError, type Clock, type Selectable } from '@async/core';
import {
  implementSelectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  Wakers,
  watchAbort,
} from '@async/core/protocol';
import { type Deadline, deadlineMs, Instant } from './instant';
import { checkDuration, type TimerEntry, type Timers, timersFor } from './timers';
import { checkTimeOptions } from './validate';

const SLEEP_OPTIONS = ['clock', 'signal', 'unref'];

/** Options of {@link sleep} and {@link sleepUntil}. */
export interface SleepOptions {
  /**
   * The clock to wait on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read at the call
   */
  readonly clock?: Clock;
  /** Aborting it rejects the sleep with `signal.reason` and removes its timer at once. */
  readonly signal?: AbortSignal;
  /**
   * Whether the pending sleep may let the process exit (as Node's `timer.unref()`).
   * @defaultValue `false`: a pending sleep keeps the process alive, as `setTimeout` does
   */
  readonly unref?: boolean;
}

const PENDING = 0;
const ELAPSED = 1;
const FAILED = 2;

const ELAPSED_RESULT: { value: undefined } = /* @__PURE__ */ Object.freeze({ value: undefined });
const RESOLVED: Promise<undefined> = /* @__PURE__ */ Promise.resolve(undefined);

/** Watches a sleep's signal; allocated only for sleeps given one. */
class SleepAbort extends Waiter {
  constructor(readonly sleep: Sleep) {
    super();
  }
  onAbort(reason: unknown): void {
    this.sleep.fail(reason);
  }
}

/**
 * A timer that completes at its deadline: tokio's `Sleep`. Await it (it is a thenable), race it in
 * `select` (it is `Selectable`), or keep one and move its deadline with {@link Sleep.reset}
 * (the resetting-timeout pattern, SL-09).
 *
 * A pending sleep keeps the process alive, as `setTimeout` does, unless created with `unref: true`.
 *
 * **Cancel safety.** Selecting on a sleep consumes nothing: a sleep that loses stays pending, and one
 * that elapsed stays elapsed. Dispose it (`using`, or `[Symbol.dispose]()`) to drop its timer early.
 *
 * @example
 * ```ts
 * import { sleep, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const s = sleep(1000);
 * assert.equal(s.isElapsed(), false);
 * await clock.advance(1000);
 * assert.equal(s.isElapsed(), true);
 * await s;
 * ```
 */
export class Sleep implements PromiseLike<void>, Selectable<void>, Disposable {
  /** @internal @hidden */ at: number;
  /** @internal @hidden */ seq = 0;
  /** @internal @hidden */ refd: boolean;
  /** @internal @hidden */ list: unknown = undefined;
  /** @internal @hidden */ tprev: TimerEntry | undefined = undefined;
  /** @internal @hidden */ tnext: TimerEntry | undefined = undefined;
  private state = PENDING;
  private reason: unknown = undefined;
  /** Callbacks of `then` calls made while pending: one, or several. */
  private reactions: Reaction | Reaction[] | undefined = undefined;
  private wakes: Wakers | undefined = undefined;
  private abort: SleepAbort | undefined = undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly timers: Timers;

  /** Use {@link sleep} or {@link sleepUntil}. @internal @hidden */
  constructor(timers: Timers, at: number, options: SleepOptions | undefined, duration?: number) {
    this.timers = timers;
    this.at = at;
    this.refd = options?.unref !== true;
    const signal = (this.signal = options?.signal);
    if (signal?.aborted) {
      this.state = FAILED;
      this.reason = signal.reason;
      return;
    }
    if (at !== Number.POSITIVE_INFINITY) timers.insert(this, duration);
    if (signal !== undefined) watchAbort((this.abort = new SleepAbort(this)), signal);
  }

  /** The instant this sleep completes at (or completed at). */
  get deadline(): Instant {
    return new Instant(this.at, this.timers.clock);
  }

  /** Whether the deadline has been reached and the sleep completed. */
  isElapsed(): boolean {
    return this.state === ELAPSED;
  }

  /**
   * Moves the deadline, earlier or later, whether or not the sleep already elapsed: an elapsed sleep
   * becomes pending again (a later `await` waits for the new deadline). A sleep whose signal aborted
   * or that was disposed stays failed.
   *
   * @example
   * ```ts
   * import { Instant, sleep, TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install();
   * const idle = sleep(100);
   * await clock.advance(60);
   * idle.reset(Instant.now().add(100)); // activity: push the idle deadline back
   * await clock.advance(60);
   * assert.equal(idle.isElapsed(), false);
   * await clock.advance(40);
   * assert.equal(idle.isElapsed(), true);
   * ```
   */
  reset(deadline: Deadline): void {
    const at = deadlineMs(deadline, 'deadline');
    if (this.state === FAILED) return;
    this.timers.remove(this);
    this.at = at;
    if (this.state === ELAPSED) {
      const signal = this.signal;
      if (signal?.aborted) {
        this.fail(signal.reason);
        return;
      }
      this.state = PENDING;
      if (signal !== undefined) watchAbort((this.abort ??= new SleepAbort(this)), signal);
    }
    if (at !== Number.POSITIVE_INFINITY) this.timers.insert(this);
  }

  /**
   * Awaiting a sleep. While it is pending, the callbacks are kept on the sleep itself and called when
   * its timer fires, from the timer's task (never from within `then`); the returned promise settles
   * with their result. This saves a promise and a microtask per `await sleep(ms)`. When the sleep
   * fails (its signal aborted, or it was disposed), the callbacks run in a later microtask, never
   * inside the `abort()` or dispose call.
   *
   * A failure is always a cancellation the program asked for, so the promise of a `then` without a
   * rejection handler (`sleep(ms).then(work)`, a callback timer) is not reported as an unhandled
   * rejection when the sleep is cancelled; whoever awaits that promise still sees the rejection.
   */
  // biome-ignore lint/suspicious/noThenProperty: a Sleep is awaited as tokio's Sleep future is.
  then<A = void, B = never>(
    onfulfilled?: ((value: undefined) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (this.state === ELAPSED) return RESOLVED.then(onfulfilled, onrejected);
    if (this.state === FAILED) {
      const failed = Promise.reject(this.failure()).then(onfulfilled, onrejected);
      if (typeof onrejected !== 'function') failed.catch(noop); // see Reaction.run
      return failed;
    }
    const promise = new Promise<A | B>(captureResolvers);
    const reaction = new Reaction(onfulfilled, onrejected, capturedResolve!, capturedReject!, promise);
    capturedResolve = capturedReject = undefined;
    const reactions = this.reactions;
    if (reactions === undefined) this.reactions = reaction;
    else if (reactions instanceof Reaction) this.reactions = [reactions, reaction];
    else reactions.push(reaction);
    return promise;
  }

  /** Completes the sleep: its timer fired. @internal @hidden */
  fire(): void {
    if (this.state !== PENDING) return;
    this.state = ELAPSED;
    if (this.abort !== undefined) unwatchAbort(this.abort);
    this.react(true, undefined);
    this.wakeAll();
  }

  /** Fails the sleep with `reason` (its signal aborted, or it was disposed). @internal @hidden */
  fail(reason: unknown): void {
    if (this.state === FAILED) return;
    this.timers.remove(this);
    if (this.abort !== undefined) unwatchAbort(this.abort);
    this.abort = undefined;
    this.state = FAILED;
    this.reason = reason;
    const reactions = this.reactions;
    if (reactions !== undefined) {
      // Handlers run in a later microtask: never inside the caller's `abort()` or dispose.
      this.reactions = undefined;
      RESOLVED.then(() => runReactions(reactions, false, this.failure()));
    }
    this.wakeAll();
  }

  private react(ok: boolean, value: unknown): void {
    const reactions = this.reactions;
    if (reactions === undefined) return;
    this.reactions = undefined;
    runReactions(reactions, ok, value);
  }

  private wakeAll(): void {
    this.wakes?.wakeAll();
  }

  /** Drops the timer now. A sleep still awaited rejects with a `CancelledError`. */
  [Symbol.dispose](): void {
    if (this.state !== PENDING) return;
    // The error (and its stack trace) is only made when someone will see it.
    this.fail(this.reactions !== undefined || (this.wakes?.size ?? 0) > 0 ? disposed() : DISPOSED);
  }

  private failure(): unknown {
    if (this.reason === DISPOSED) this.reason = disposed();
    return this.reason;
  }

  /** Select protocol: completes when elapsed, consuming nothing. @hidden */
  declare [selectTry]: () => { value: undefined } | undefined;
  /** Select protocol: `wake` is called when the sleep elapses or fails. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.state === ELAPSED) return ELAPSED_RESULT;
      if (this.state === FAILED) throw this.failure();
      return undefined;
    },
    wait(wake) {
      if (this.state !== PENDING) {
        wake();
        return noop;
      }
      this.wakes ??= new Wakers();
      return this.wakes.add(wake);
    },
  });
}

function noop(): void {}

function runReactions(reactions: Reaction | Reaction[], ok: boolean, value: unknown): void {
  if (reactions instanceof Reaction) reactions.run(ok, value);
  else for (const r of reactions) r.run(ok, value);
}

/** One `then` on a pending sleep: its callbacks and the resolvers of the promise it returned. */
class Reaction {
  constructor(
    readonly onFulfilled: ((value: undefined) => unknown) | null | undefined,
    readonly onRejected: ((reason: unknown) => unknown) | null | undefined,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
    readonly promise: Promise<unknown>,
  ) {}
  run(ok: boolean, value: unknown): void {
    const handler = ok ? this.onFulfilled : this.onRejected;
    if (typeof handler !== 'function') {
      if (ok) this.resolve(undefined);
      else {
        // The sleep was cancelled (the only way it fails): passed on to whoever awaits this promise,
        // and no unhandled-rejection report if nobody does.
        this.reject(value);
        this.promise.catch(noop);
      }
      return;
    }
    try {
      this.resolve(handler(value as undefined));
    } catch (error) {
      this.reject(error);
    }
  }
}

/** One shared executor for every awaited sleep (no closure each); `then` picks the resolvers up. */
let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((reason: unknown) => void) | undefined;
function captureResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve as (value: unknown) => void;
  capturedReject = reject;
}

const DISPOSED: unique symbol = Symbol('disposed');
const disposed = () => new CancelledError('The sleep was disposed');

/**
 * A {@link Sleep} that completes `ms` milliseconds from now: tokio's `sleep`.
 *
 * `ms` may be 0 (completes at the next timer turn, never synchronously) or `Infinity` (never completes,
 * and holds no timer). Negative or NaN: `RangeError`.
 *
 * **Cancel safety.** Cancel safe in `select`: a losing sleep consumes nothing. Abort through `signal`
 * to reject it and drop its timer.
 *
 * @example
 * ```ts
 * import { Instant, sleep, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const start = Instant.now();
 * for (let attempt = 0; attempt < 10; attempt++) await sleep(60_000); // a retry loop's backoff
 * assert.equal(start.elapsed(), 600_000);
 * ```
 */
export function sleep(ms: number, options?: SleepOptions): Sleep {
  checkDuration(ms, 'ms');
  checkTimeOptions(options, 'options', SLEEP_OPTIONS);
  const timers = timersFor(options?.clock);
  return new Sleep(timers, timers.now() + ms, options, ms);
}

/**
 * A {@link Sleep} that completes at `deadline` (an `Instant`, or milliseconds on the clock's timeline):
 * tokio's `sleep_until`. A deadline in the past completes at the next timer turn.
 *
 * **Cancel safety.** As {@link sleep}.
 *
 * @example
 * ```ts
 * import { Instant, sleepUntil, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const wake = Instant.now().add(5000);
 * const s = sleepUntil(wake);
 * await clock.advance(5000);
 * assert.ok(s.isElapsed());
 * assert.equal(s.deadline.ms, wake.ms);
 * ```
 */
export function sleepUntil(deadline: Deadline, options?: SleepOptions): Sleep {
  const at = deadlineMs(deadline, 'deadline');
  checkTimeOptions(options, 'options', SLEEP_OPTIONS);
  return new Sleep(timersFor(options?.clock), at, options);
}
