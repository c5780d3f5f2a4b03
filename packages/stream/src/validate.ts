/**
 * Argument checks of @async/stream that are its own (counts, durations, an optional signal);
 * the shared ones (`describe`, `checkOptions`, `checkFunction`, `checkClock`) are core's. Bad input fails when the
 * operator is built, naming the parameter and what came, e.g. `TypeError: chunks: n must be an integer
 * >= 1, got "2" (string)`. A wrong type is a `TypeError`; the right type out of range is a `RangeError`.
 */
import { describe } from '@async/core/protocol';

/** Throws unless `n` is an integer >= `min` (or `Infinity` when allowed): `TypeError` for a non-number. */
export function checkCount(n: unknown, name: string, min = 0, allowInfinity = false): void {
  if (
    typeof n === 'number' &&
    (Number.isInteger(n) || (allowInfinity && n === Number.POSITIVE_INFINITY)) &&
    n >= min
  )
    return;
  const message = `${name} must be an integer >= ${min}, got ${describe(n)}`;
  throw typeof n === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Throws unless `ms` is a finite number >= 0: `TypeError` for a non-number. */
export function checkMs(ms: unknown, name: string): void {
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return;
  const message = `${name} must be a finite number of milliseconds >= 0, got ${describe(ms)}`;
  throw typeof ms === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Throws a `TypeError` unless `signal` is `undefined` or an `AbortSignal` (by shape). */
export function checkSignal(signal: unknown, name: string): void {
  if (signal === undefined) return;
  const s = signal as AbortSignal | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.aborted !== 'boolean' ||
    typeof s.addEventListener !== 'function'
  )
    throw new TypeError(`${name} must be an AbortSignal, got ${describe(signal)}`);
}
