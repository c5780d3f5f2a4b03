/**
 * The source of time for every `@async` package, and the slot that holds the default one.
 *
 * Nothing in `@async` reads `Date.now()` or calls `setTimeout` directly: time comes from a {@link Clock},
 * so a test that installs a test clock (from `@async/time`) controls every timer of every package,
 * including core's own (the grace period of `run`).
 */
import { processSlot } from './process-slot';
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

/** The longest delay host timers honour (2^31 − 1 ms): Node and browsers fire a longer one after 1 ms. */
const MAX_HOST_DELAY = 0x7fff_ffff;

function hostTimer(callback: () => void, delay: number, unref: boolean | undefined) {
  const timer = setTimeout(callback, delay);
  if (unref) (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** A deadline beyond the host timer's range: a chain of host timers, each re-armed for what is left. */
class LongTimer {
  timer: ReturnType<typeof setTimeout>;
  constructor(
    readonly deadline: number,
    readonly callback: () => void,
    readonly unref: boolean | undefined,
  ) {
    this.timer = hostTimer(this.link, MAX_HOST_DELAY, unref);
  }
  readonly link = (): void => {
    const delay = this.deadline - performance.now();
    this.timer = hostTimer(
      delay > MAX_HOST_DELAY ? this.link : this.callback,
      Math.min(MAX_HOST_DELAY, Math.max(0, delay)),
      this.unref,
    );
  };
}

/**
 * The host's clock: `performance.now()` and `setTimeout` (chained beyond its range of ~24.8 days).
 * One per process: every copy of `@async/core` exports the first copy's (see `process-slot.ts`), so
 * that a package comparing the default clock with it recognises it, whichever copy it imports.
 */
export const hostClock: Clock = /* @__PURE__ */ processSlot(
  'host-clock@1',
  (): Clock => ({
    now: () => performance.now(),
    schedule(deadline, callback, options) {
      const delay = deadline - performance.now();
      if (delay > MAX_HOST_DELAY) return new LongTimer(deadline, callback, options?.unref);
      return hostTimer(callback, Math.max(0, delay), options?.unref);
    },
    cancel: (timer) =>
      clearTimeout(timer instanceof LongTimer ? timer.timer : (timer as ReturnType<typeof setTimeout>)),
  }),
);

/** The default clock's slot, shared by every copy of `@async/core` in the process. */
const slot: { clock: Clock } = /* @__PURE__ */ processSlot('default-clock@1', () => ({ clock: hostClock }));

/**
 * The clock used wherever no `clock` option is given. There is one per process, whichever copy of
 * `@async/core` (ESM or CJS build, or another version) sets or reads it.
 */
export function getDefaultClock(): Clock {
  return slot.clock;
}

/**
 * Makes `clock` the default clock, and returns a disposable that restores the previous one. The
 * default clock is process-wide: every copy of `@async/core` loaded (ESM and CJS, or two versions)
 * reads the clock set through any of them.
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
  const previous = slot.clock;
  slot.clock = clock;
  return {
    [Symbol.dispose]() {
      slot.clock = previous;
    },
  };
}
