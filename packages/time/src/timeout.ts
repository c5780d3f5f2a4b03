import type { Clock } from '@async/core';
import { unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';
import { TimeoutError } from './errors';
import { type Deadline, deadlineMs } from './instant';
import { checkDuration, type TimerEntry, type Timers, timersFor } from './timers';

/** Options of {@link timeout} and {@link timeoutAt}. */
export interface TimeoutOptions {
  /**
   * The clock the deadline is measured on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read at the call
   */
  readonly clock?: Clock;
  /**
   * Aborting it rejects the call with `signal.reason` at once, drops the timer, and aborts the signal
   * given to a function `op` with the same reason.
   */
  readonly signal?: AbortSignal;
  /**
   * Whether the pending timer may let the process exit (as Node's `timer.unref()`).
   * @defaultValue `false`
   */
  readonly unref?: boolean;
}

/** What {@link timeout} runs: a promise already started, or a function started with an abort signal. */
export type TimeoutOperation<T> = PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T> | T);

/** One pending call, which is its own timer entry. */
class TimeoutCall<T> implements TimerEntry {
  seq = 0;
  list: unknown = undefined;
  tprev: TimerEntry | undefined = undefined;
  tnext: TimerEntry | undefined = undefined;
  done = false;
  controller: AbortController | undefined = undefined;
  abort: TimeoutAbort | undefined = undefined;
  constructor(
    readonly timers: Timers,
    public at: number,
    public refd: boolean,
    readonly resolve: (value: T | PromiseLike<T>) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  settle(ok: boolean, value: unknown): void {
    if (this.done) return;
    this.done = true;
    this.timers.remove(this);
    if (this.abort !== undefined) unwatchAbort(this.abort);
    if (ok) this.resolve(value as T);
    else this.reject(value);
  }

  /** The deadline passed first. */
  fire(): void {
    if (this.done) return;
    this.done = true;
    if (this.abort !== undefined) unwatchAbort(this.abort);
    const error = new TimeoutError();
    this.controller?.abort(error);
    this.reject(error);
  }

  /** The caller's signal aborted first. */
  aborted(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.timers.remove(this);
    this.controller?.abort(reason);
    this.reject(reason);
  }
}

/** Watches the caller's signal; allocated only for calls given one. */
class TimeoutAbort extends Waiter {
  constructor(readonly call: TimeoutCall<unknown>) {
    super();
  }
  onAbort(reason: unknown): void {
    this.call.aborted(reason);
  }
}

function start<T>(
  call: TimeoutCall<T>,
  duration: number | undefined,
  op: TimeoutOperation<T>,
  signal: AbortSignal | undefined,
): void {
  let p: PromiseLike<T> | T;
  if (typeof op === 'function') {
    const controller = (call.controller = new AbortController());
    try {
      p = op(controller.signal);
    } catch (error) {
      call.settle(false, error);
      return;
    }
    if (typeof (p as PromiseLike<T> | undefined)?.then !== 'function') {
      call.settle(true, p);
      return;
    }
  } else p = op;
  (p as PromiseLike<T>).then(
    (value) => call.settle(true, value),
    (error) => call.settle(false, error),
  );
  if (call.done) return;
  if (call.at !== Number.POSITIVE_INFINITY) call.timers.insert(call, duration);
  if (signal !== undefined) watchAbort((call.abort = new TimeoutAbort(call as TimeoutCall<unknown>)), signal);
}

/** One shared promise executor (no closure per call); `run` picks the resolvers up. */
let capturedResolve: ((value: never) => void) | undefined;
let capturedReject: ((reason: unknown) => void) | undefined;
function captureResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

function run<T>(
  timers: Timers,
  at: number,
  duration: number | undefined,
  op: TimeoutOperation<T>,
  options?: TimeoutOptions,
): Promise<T> {
  const signal = options?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const promise = new Promise<T>(captureResolvers);
  const call = new TimeoutCall<T>(
    timers,
    at,
    options?.unref !== true,
    capturedResolve as (value: T | PromiseLike<T>) => void,
    capturedReject!,
  );
  capturedResolve = capturedReject = undefined;
  start(call, duration, op, signal);
  return promise;
}

/**
 * Runs `op` with a time limit of `ms` milliseconds: tokio's `timeout`. Resolves with `op`'s value or
 * rejects with its error if it settles first; otherwise rejects with a {@link TimeoutError} at the
 * deadline and, when `op` is a function, aborts the signal it was given with that same error.
 *
 * As in tokio, the operation gets its chance before the deadline is checked: an operation that has
 * already settled wins even with `ms = 0` (the expiry is never reported synchronously).
 * `ms = Infinity` means no limit. Negative or NaN: `RangeError`, thrown at the call.
 *
 * A settled call leaves nothing behind: its timer is removed, and its listener on `options.signal`
 * goes once the current microtasks have run.
 *
 * **Cancel safety.** Aborting `options.signal` rejects with `signal.reason` and aborts a function
 * `op`; a promise `op` runs on and its outcome is ignored.
 *
 * @example
 * ```ts
 * import { TestClock, timeout, TimeoutError } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * assert.equal(await timeout(1000, Promise.resolve('fast')), 'fast');
 *
 * let aborted: unknown;
 * // Attach the expectation before advancing, so the rejection is handled when it happens.
 * const slow = assert.rejects(
 *   timeout(1000, (signal) =>
 *     new Promise((_, reject) => signal.addEventListener('abort', () => reject((aborted = signal.reason)))),
 *   ),
 *   TimeoutError.is,
 * );
 * await clock.advance(1000);
 * await slow;
 * assert.ok(TimeoutError.is(aborted));
 * ```
 */
export function timeout<T>(
  ms: number,
  op: TimeoutOperation<T>,
  options?: TimeoutOptions,
): Promise<Awaited<T>> {
  checkDuration(ms, 'ms');
  const timers = timersFor(options?.clock);
  return run(timers, ms === Number.POSITIVE_INFINITY ? ms : timers.now() + ms, ms, op, options) as Promise<
    Awaited<T>
  >;
}

/**
 * As {@link timeout}, with a deadline (an `Instant`, or milliseconds on the clock's timeline) instead
 * of a duration: tokio's `timeout_at`. Several steps can share one deadline (TM-04).
 *
 * @example
 * ```ts
 * import { Instant, sleep, TestClock, timeoutAt, TimeoutError } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const deadline = Instant.now().add(1000);
 * await timeoutAt(deadline, sleep(600)); // first step: 600 ms of the 1000
 * await assert.rejects(timeoutAt(deadline, sleep(600)), TimeoutError.is); // second: only 400 left
 * assert.equal(Instant.now().ms, deadline.ms);
 * ```
 */
export function timeoutAt<T>(
  deadline: Deadline,
  op: TimeoutOperation<T>,
  options?: TimeoutOptions,
): Promise<Awaited<T>> {
  const at = deadlineMs(deadline, 'deadline');
  return run(timersFor(options?.clock), at, undefined, op, options) as Promise<Awaited<T>>;
}
