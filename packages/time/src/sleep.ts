import {
  CancelledError,
  type Clock,
  type Selectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  Wakers,
  watchAbort,
} from '@async/core';
import { type Deadline, deadlineMs, Instant } from './instant';
import { checkDuration, type TimerEntry, type Timers, timersFor } from './timers';

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

const ELAPSED_RESULT: { value: undefined } = Object.freeze({ value: undefined });
const RESOLVED: Promise<void> = Promise.resolve();

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
 * `select` (it is {@link Selectable}), or keep one and move its deadline with {@link Sleep.reset}
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
export class Sleep implements PromiseLike<void>, Selectable<void>, Disposable, TimerEntry {
  /** @internal */ at: number;
  /** @internal */ seq = 0;
  /** @internal */ refd: boolean;
  /** @internal */ list: unknown = undefined;
  /** @internal */ tprev: TimerEntry | undefined = undefined;
  /** @internal */ tnext: TimerEntry | undefined = undefined;
  private state = PENDING;
  private reason: unknown = undefined;
  private promise: Promise<void> | undefined = undefined;
  private resolveFn: (() => void) | undefined = undefined;
  private rejectFn: ((reason: unknown) => void) | undefined = undefined;
  private wakes: Wakers | undefined = undefined;
  private abort: SleepAbort | undefined = undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly timers: Timers;

  /** @internal Use {@link sleep} or {@link sleepUntil}. */
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
      this.promise = undefined;
      if (signal !== undefined) watchAbort((this.abort ??= new SleepAbort(this)), signal);
    }
    if (at !== Number.POSITIVE_INFINITY) this.timers.insert(this);
  }

  // biome-ignore lint/suspicious/noThenProperty: a Sleep is awaited as tokio's Sleep future is.
  then<A = void, B = never>(
    onfulfilled?: ((value: undefined) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return (this.toPromise() as Promise<undefined>).then(onfulfilled, onrejected);
  }

  private toPromise(): Promise<void> {
    let p = this.promise;
    if (p === undefined) {
      if (this.state === ELAPSED) p = RESOLVED;
      else if (this.state === FAILED) p = Promise.reject(this.failure());
      else {
        creating = this;
        p = new Promise<void>(captureResolvers);
      }
      this.promise = p;
    }
    return p;
  }

  /** @internal */
  setResolvers(resolve: () => void, reject: (reason: unknown) => void): void {
    this.resolveFn = resolve;
    this.rejectFn = reject;
  }

  /** @internal Completes the sleep: its timer fired. */
  fire(): void {
    if (this.state !== PENDING) return;
    this.state = ELAPSED;
    if (this.abort !== undefined) unwatchAbort(this.abort);
    const resolve = this.resolveFn;
    if (resolve !== undefined) {
      this.resolveFn = this.rejectFn = undefined;
      resolve();
    }
    this.wakeAll();
  }

  /** @internal Fails the sleep with `reason` (its signal aborted, or it was disposed). */
  fail(reason: unknown): void {
    if (this.state === FAILED) return;
    this.timers.remove(this);
    if (this.abort !== undefined) unwatchAbort(this.abort);
    this.abort = undefined;
    this.state = FAILED;
    this.reason = reason;
    const reject = this.rejectFn;
    if (reject !== undefined) {
      this.resolveFn = this.rejectFn = undefined;
      reject(reason);
    } else if (this.promise !== undefined) {
      this.promise = undefined; // was resolved before a reset; a later await sees the failure
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    this.wakes?.wakeAll();
  }

  /** Drops the timer now. A sleep still awaited rejects with a `CancelledError`. */
  [Symbol.dispose](): void {
    if (this.state !== PENDING) return;
    // The error (and its stack trace) is only made when someone will see it.
    this.fail(this.rejectFn !== undefined || (this.wakes?.size ?? 0) > 0 ? disposed() : DISPOSED);
  }

  private failure(): unknown {
    if (this.reason === DISPOSED) this.reason = disposed();
    return this.reason;
  }

  /** @internal Select protocol: completes when elapsed, consuming nothing. */
  [selectTry](): { value: undefined } | undefined {
    if (this.state === ELAPSED) return ELAPSED_RESULT;
    if (this.state === FAILED) throw this.failure();
    return undefined;
  }

  /** @internal Select protocol: `wake` is called when the sleep elapses or fails. */
  [selectWait](wake: () => void): () => void {
    if (this.state !== PENDING) {
      wake();
      return noop;
    }
    this.wakes ??= new Wakers();
    return this.wakes.add(wake);
  }
}

function noop(): void {}

/** The sleep whose promise is being made: lets one shared executor serve every sleep (no closure each). */
let creating: Sleep | undefined;
function captureResolvers(resolve: () => void, reject: (reason: unknown) => void): void {
  creating!.setResolvers(resolve, reject);
  creating = undefined;
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
  return new Sleep(timersFor(options?.clock), at, options);
}
