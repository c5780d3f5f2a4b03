import type { Clock } from '@async/core';
import { checkClock, checkOptions, describe } from '@async/core/protocol';
import { timersFor } from './timers';
import { checkNumber } from './validate';

/**
 * A reading of a monotonic clock, as tokio's `Instant`: only the difference between two instants of
 * the same clock means anything. Durations are milliseconds. Never built from `Date.now()`.
 *
 * @example
 * ```ts
 * import { Instant, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const start = Instant.now();
 * await clock.advance(250);
 * assert.equal(start.elapsed(), 250);
 * assert.equal(Instant.now().durationSince(start), 250);
 * assert.equal(start.add(1000).durationSince(start), 1000);
 * ```
 */
export class Instant {
  /**
   * @param ms - milliseconds on `clock`'s timeline.
   * @param clock - the clock this instant was read from.
   */
  constructor(
    readonly ms: number,
    readonly clock: Clock,
  ) {}

  /** The current instant of `clock` (default: the default clock, read now). */
  static now(options?: { readonly clock?: Clock }): Instant {
    if (options !== undefined) {
      checkOptions(options, 'options', ['clock']);
      if (options.clock !== undefined) checkClock(options.clock, 'options.clock');
    }
    const { clock } = timersFor(options?.clock);
    return new Instant(clock.now(), clock);
  }

  /** Milliseconds since this instant, or 0 if it lies in the future (tokio saturates too). */
  elapsed(): number {
    return Math.max(0, this.clock.now() - this.ms);
  }

  /** Milliseconds from `earlier` to this instant, or 0 if `earlier` is later. */
  durationSince(earlier: Instant): number {
    return Math.max(0, this.ms - deadlineMs(earlier, 'earlier'));
  }

  /** This instant plus `ms` milliseconds. */
  add(ms: number): Instant {
    checkNumber(ms, 'ms');
    return new Instant(this.ms + ms, this.clock);
  }

  /** This instant minus `ms` milliseconds. */
  sub(ms: number): Instant {
    checkNumber(ms, 'ms');
    return new Instant(this.ms - ms, this.clock);
  }

  /** Negative, zero or positive as this instant is before, equal to or after `other`. */
  compare(other: Instant): number {
    return this.ms - deadlineMs(other, 'other');
  }

  /** The milliseconds, so that instants compare with `<` and sort numerically. */
  valueOf(): number {
    return this.ms;
  }
}

/** A deadline: an `Instant`, or milliseconds on the clock's timeline. */
export type Deadline = Instant | number;

/**
 * The milliseconds of a deadline: a number, or an `Instant` (any object with numeric `ms`, so that an
 * `Instant` of another copy of this package counts). Anything else is a `TypeError`; NaN a `RangeError`.
 * @hidden
 */
export function deadlineMs(deadline: Deadline, name: string): number {
  const ms =
    typeof deadline === 'number'
      ? deadline
      : typeof deadline === 'object' && deadline !== null
        ? (deadline as { ms?: unknown }).ms
        : undefined;
  if (typeof ms !== 'number') {
    throw new TypeError(`${name} must be an Instant or a number of milliseconds, got ${describe(deadline)}`);
  }
  if (Number.isNaN(ms)) {
    throw new RangeError(`${name} must be an Instant or a number of milliseconds, got ${describe(deadline)}`);
  }
  return ms;
}
