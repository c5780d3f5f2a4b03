/** Helpers shared by the time-based operators, all on `@async/time`'s clock. */
import { type Clock, getDefaultClock } from '@async/core';

/** Options of the time-based operators. */
export interface TimeOptions {
  /**
   * The clock to measure on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read when iteration starts
   */
  readonly clock?: Clock;
}

/** Throws a `RangeError` unless `ms` is a finite number ≥ 0. */
export function checkMs(ms: number, name: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${String(ms)}`);
}

export function clockOf(options: TimeOptions | undefined): Clock {
  return options?.clock ?? getDefaultClock();
}

const TIMER_WON: unique symbol = Symbol('timer');

/**
 * Whichever of `item` and `timer` settles first: the item's result, or `TIMER_WON`. The loser keeps
 * running: a pull in flight is kept for the next call, so racing a timer loses no item.
 */
export function raceTimer<T>(item: Promise<T>, timer: PromiseLike<void>): Promise<T | typeof TIMER_WON> {
  return Promise.race([item, Promise.resolve(timer).then((): typeof TIMER_WON => TIMER_WON)]);
}

export { TIMER_WON };
