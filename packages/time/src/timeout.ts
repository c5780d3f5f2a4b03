import type { Clock } from '@async/core';
import { describe, unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';
import { TimeoutError } from './errors';
import { type Deadline, deadlineMs } from './instant';
import { OpSignal } from './op-signal';
import { checkDuration, type TimerEntry, type Timers, timersFor } from './timers';
import { checkTimeOptions } from './validate';

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

const TIMEOUT_OPTIONS = ['clock', 'signal', 'unref'];

/** One pending call, which is its own timer entry. */
class TimeoutCall<T> implements TimerEntry {
  seq = 0;
  list: unknown = undefined;
  tprev: TimerEntry | undefined = undefined;
  tnext: TimerEntry | undefined = undefined;
  done = false;
  /** The signal of a function operation. */
  opSignal: OpSignal | undefined = undefined;
  abort: TimeoutAbort | undefined = undefined;
  /** The operation's promise, when this call's own reaction is on it (see {@link OperationWatch}). */
  op: object | undefined = undefined;
  /** Where this call's reaction passes the outcome on once the call itself is over. */
  relay: OperationWatch | undefined = undefined;
  /** The shared watch this call joined instead of adding a reaction, while it waits. */
  watch: OperationWatch | undefined = undefined;
  wprev: TimeoutCall<unknown> | undefined = undefined;
  wnext: TimeoutCall<unknown> | undefined = undefined;
  constructor(
    readonly timers: Timers,
    public at: number,
    /** The limit as a duration, for the error's message (`undefined` for `timeoutAt`). */
    readonly ms: number | undefined,
    public refd: boolean,
    readonly resolve: (value: T | PromiseLike<T>) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  /** This call's reaction on the operation: the outcome, for this call or, once it is over, its relay. */
  opSettled(ok: boolean, value: unknown): void {
    this.op = undefined;
    const relay = this.relay;
    if (relay !== undefined) {
      this.relay = undefined;
      relay.settle(ok, value);
    } else this.settle(ok, value);
  }

  /** The operation settled first. */
  settle(ok: boolean, value: unknown): void {
    if (this.done) return;
    this.done = true;
    this.timers.remove(this);
    if (this.abort !== undefined) unwatchAbort(this.abort);
    if (ok) this.resolve(value as T);
    else this.reject(value);
  }

  /** The call is over before its operation settled: the operation outlives it. */
  private leave(): void {
    if (this.watch !== undefined) this.watch.leave(this as TimeoutCall<unknown>);
    else if (this.op !== undefined) this.relay = OperationWatch.share(this.op);
  }

  /** The deadline passed first. */
  fire(): void {
    if (this.done) return;
    this.done = true;
    this.leave();
    if (this.abort !== undefined) unwatchAbort(this.abort);
    const error = new TimeoutError(undefined, { ms: this.ms, deadline: this.at });
    this.opSignal?.abort(error);
    this.reject(error);
  }

  /** The caller's signal aborted first. */
  aborted(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.leave();
    this.timers.remove(this);
    this.opSignal?.abort(reason);
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

/**
 * The calls waiting on one long-lived operation promise, behind a single reaction on it: a list of
 * calls, each leaving in O(1) when it times out or is aborted.
 *
 * A promise that outlives a call (`timeout(ms, shutdown, { signal })` in a loop, around one promise
 * that settles only at the end) would otherwise keep one reaction, and through it one call with its
 * promise, per call until it settles. A call adds its own reaction, as a plain `then` would (so the
 * common case, a fresh promise, costs one failed `WeakMap` lookup and nothing more); once a call is over
 * while its promise is still pending, that reaction is relayed to a watch registered for the promise,
 * and every later call around it joins the watch instead of adding a reaction.
 */
class OperationWatch {
  head: TimeoutCall<unknown> | undefined = undefined;
  private constructor(readonly op: object) {}

  /** The watch of `op`, made and registered if it has none; the caller's reaction relays to it. */
  static share(op: object): OperationWatch | undefined {
    if (watches.has(op)) return undefined; // another reaction already relays to it
    const watch = new OperationWatch(op);
    watches.set(op, watch);
    liveWatches++;
    return watch;
  }

  join(call: TimeoutCall<unknown>): void {
    call.watch = this;
    call.wprev = undefined;
    const head = this.head;
    call.wnext = head;
    if (head !== undefined) head.wprev = call;
    this.head = call;
  }

  /** `call` no longer waits for the operation. */
  leave(call: TimeoutCall<unknown>): void {
    const { wprev, wnext } = call;
    if (wprev === undefined) this.head = wnext;
    else wprev.wnext = wnext;
    if (wnext !== undefined) wnext.wprev = wprev;
    call.watch = call.wprev = call.wnext = undefined;
  }

  /** The operation settled: every call still waiting gets its outcome. */
  settle(ok: boolean, value: unknown): void {
    watches.delete(this.op);
    liveWatches--;
    let call = this.head;
    this.head = undefined;
    while (call !== undefined) {
      const next = call.wnext;
      call.watch = call.wprev = call.wnext = undefined;
      call.settle(ok, value);
      call = next;
    }
  }
}

/** Operations that outlived a call, and their shared watch. */
const watches = new WeakMap<object, OperationWatch>();
/**
 * How many watches wait for their operation: while none does (no operation has outlived a call), a
 * call skips the lookup. A watch whose operation never settles stays counted, and lookups resume.
 */
let liveWatches = 0;

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'function') &&
    typeof (x as PromiseLike<unknown>).then === 'function'
  );
}

function checkOperation(op: unknown): void {
  if (typeof op !== 'function' && !isThenable(op)) {
    throw new TypeError(`op must be a promise or a function, got ${describe(op)}`);
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
    const opSignal = (call.opSignal = new OpSignal());
    try {
      p = op(opSignal.signal);
    } catch (error) {
      call.settle(false, error);
      return;
    }
    if (!isThenable(p)) {
      call.settle(true, p);
      return;
    }
  } else p = op;
  const watch = liveWatches === 0 ? undefined : watches.get(p as object);
  if (watch !== undefined) watch.join(call as TimeoutCall<unknown>);
  else {
    call.op = p as object;
    try {
      (p as PromiseLike<T>).then(
        (value) => call.opSettled(true, value),
        (error: unknown) => call.opSettled(false, error),
      );
    } catch (error) {
      call.op = undefined;
      call.settle(false, error); // a `then` that throws
      return;
    }
  }
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
    duration,
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
 * **The signal of a function `op` is made when it is first used.** Making an `AbortSignal` costs
 * about 7 µs on Node 20, thirty times the rest of the call, and most operations finish in time. So on
 * runtimes whose `AbortSignal` is written in JavaScript (Node, Deno), `op` gets a stand-in (a `Proxy`)
 * that makes the real signal when it is first touched: reading `aborted` or `reason`, adding a
 * listener, or passing it on to `fetch`, `AbortSignal.any`, `events.once`, `node:fs`… all of which
 * work through it. Touched after the deadline (or after `options.signal` aborted), it is already
 * aborted with the same reason; touched after `op` won, it is never aborted. An `op` that never looks
 * at its signal costs no signal at all. On runtimes whose `AbortSignal` is native (Bun, browsers),
 * where `fetch` would refuse a stand-in, `op` gets a real signal made at the call. One difference
 * shows: in an `abort` listener, `event.target` is the real signal, not the stand-in `op` was given.
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
  checkOperation(op);
  checkTimeOptions(options, 'options', TIMEOUT_OPTIONS);
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
  checkOperation(op);
  checkTimeOptions(options, 'options', TIMEOUT_OPTIONS);
  return run(timersFor(options?.clock), at, undefined, op, options) as Promise<Awaited<T>>;
}
