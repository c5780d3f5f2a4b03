/**
 * The source of time for every `@async` package, and the slot that holds the default one.
 *
 * Nothing in `@async` reads `Date.now()` or calls `setTimeout` directly: time comes from a {@link Clock},
 * so a test that installs a test clock (from `@async/time`) controls every timer of every package,
 * including core's own (the grace period of `run`).
 */
import { checkFunction, describe } from './validate';

/** Options for `Clock.schedule`. */
export interface ScheduleOptions {
  /**
   * Whether the pending timer may let the process exit (as Node's `timer.unref()`).
   * @defaultValue `false`
   */
  readonly unref?: boolean;
}

/** A monotonic clock that can call back at a deadline. */
export interface Clock {
  /** Monotonic time in milliseconds. Only differences between readings mean anything. */
  now(): number;
  /** Calls `callback` once `now() >= deadline`. Returns a handle for `Clock.cancel`. */
  schedule(deadline: number, callback: () => void, options?: ScheduleOptions): unknown;
  /** Cancels a timer that `Clock.schedule` returned. Harmless if it already fired. */
  cancel(timer: unknown): void;
}

/** The host's clock: `performance.now()` and `setTimeout`. */
export const hostClock: Clock = {
  now: () => performance.now(),
  schedule(deadline, callback, options) {
    const timer = setTimeout(callback, Math.max(0, deadline - performance.now()));
    if (options?.unref) (timer as { unref?: () => void }).unref?.();
    return timer;
  },
  cancel: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

let defaultClock: Clock = hostClock;

/** The clock used wherever no `clock` option is given. */
export function getDefaultClock(): Clock {
  return defaultClock;
}

/**
 * Makes `clock` the default clock, and returns a disposable that restores the previous one.
 *
 * @example
 * ```ts
 * import { type Clock, getDefaultClock } from '@async/core';
 * import { hostClock, setDefaultClock } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * const frozen: Clock = { now: () => 42, schedule: () => 0, cancel() {} };
 * {
 *   using _ = setDefaultClock(frozen);
 *   assert.equal(getDefaultClock().now(), 42);
 * }
 * assert.equal(getDefaultClock(), hostClock);
 * ```
 */
export function setDefaultClock(clock: Clock): Disposable {
  if (typeof clock !== 'object' || clock === null) {
    throw new TypeError(`setDefaultClock: clock must be a Clock, got ${describe(clock)}`);
  }
  for (const method of ['now', 'schedule', 'cancel'] as const)
    checkFunction(clock[method], `setDefaultClock: clock.${method}`);
  const previous = defaultClock;
  defaultClock = clock;
  return {
    [Symbol.dispose]() {
      defaultClock = previous;
    },
  };
}
