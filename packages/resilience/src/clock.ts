/**
 * The clock every policy reads: `getDefaultClock()` of `@async/core` at each use (so a `TestClock`
 * installed by a test drives every policy), unless the policy was given one.
 */
import { getDefaultClock } from '@async/core';
import { type Clock, hostClock } from '@async/core/protocol';
import { systemClock } from '@async/time';

/** `clock`, or the default clock; the host's plain `setTimeout` clock is swapped for @async/time's
 * system clock, which multiplexes every timer onto one host timer. */
export function clockOf(clock: Clock | undefined): Clock {
  const c = clock ?? getDefaultClock();
  return c === hostClock ? systemClock : c;
}
