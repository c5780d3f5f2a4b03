/**
 * Argument checks of @async/stream: bad input fails when the operator is built, naming the parameter
 * and what came, e.g. `TypeError: chunks: n must be an integer >= 1, got "2" (string)`. A wrong type
 * is a `TypeError`; the right type out of range is a `RangeError`.
 *
 * `describe` and `checkOptions` follow the shared argument checks being added to `@async/core` (same
 * names, same messages); once core exports them, this file keeps only what is the stream's own.
 */
import type { Clock } from '@async/core';

/** Longest string shown in full by {@link describe}; longer ones are cut. */
const SHOWN_STRING = 40;

/** What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `undefined`, `an object`. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string': {
      const shown = value.length > SHOWN_STRING ? `${value.slice(0, SHOWN_STRING)}…` : value;
      return `${JSON.stringify(shown)} (string)`;
    }
    case 'number':
      return `${Object.is(value, -0) ? '-0' : String(value)} (number)`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'boolean':
      return `${value} (boolean)`;
    case 'symbol':
      return `${value.toString()} (symbol)`;
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const prototype = Object.getPrototypeOf(value);
  const name = prototype?.constructor?.name;
  return prototype === null || prototype === Object.prototype || typeof name !== 'string' || name === ''
    ? 'an object'
    : `an instance of ${name}`;
}

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

/** Throws a `TypeError` unless `f` is a function. */
export function checkFunction(f: unknown, name: string): void {
  if (typeof f !== 'function') throw new TypeError(`${name} must be a function, got ${describe(f)}`);
}

/** Throws unless `ms` is a finite number >= 0: `TypeError` for a non-number. */
export function checkMs(ms: unknown, name: string): void {
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return;
  const message = `${name} must be a finite number of milliseconds >= 0, got ${describe(ms)}`;
  throw typeof ms === 'number' ? new RangeError(message) : new TypeError(message);
}

/**
 * Checks an options argument: `undefined`, or an object whose own keys are all in `known` (a misspelt
 * option would otherwise be ignored in silence).
 */
export function checkOptions(options: unknown, name: string, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} must be an object, got ${describe(options)}`);
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key) || known.includes(key)) continue;
    throw new TypeError(`${name} has an unknown option '${key}' (accepted: ${known.join(', ')})`);
  }
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

/** Throws a `TypeError` unless `clock` is `undefined` or has a `Clock`'s three methods. */
export function checkClock(clock: unknown, name: string): void {
  if (clock === undefined) return;
  const c = clock as Clock | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.now !== 'function' ||
    typeof c.schedule !== 'function' ||
    typeof c.cancel !== 'function'
  )
    throw new TypeError(`${name} must be a Clock (now, schedule, cancel), got ${describe(clock)}`);
}
