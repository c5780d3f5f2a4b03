/**
 * Argument checks of @async/time: bad input fails at the call, naming the parameter and what came,
 * e.g. `TypeError: ms must be a number >= 0, got "5" (string)`. A wrong type is a `TypeError`; the
 * right type out of range is a `RangeError`.
 *
 * `describe` and `checkOptions` follow the shared argument checks being added to `@async/core`
 * (same names, same messages); once core exports them, this file keeps only what is time's own.
 */
import type { Clock } from '@async/core';

/** Longest string shown in full by {@link describe}; longer ones are cut. */
const SHOWN_STRING = 40;

/** What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `undefined`, `an object`. @internal */
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

/**
 * Checks an options argument: `undefined`, or an object whose own keys are all in `known` (a misspelt
 * option would otherwise be ignored in silence). @internal
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

/** The options every time function shares. */
interface CommonOptions {
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly unref?: boolean;
}

/**
 * Checks the options of a time function: known keys only, and `clock`, `signal` and `unref` of the
 * right type when given. Costs nothing when `options` is `undefined`. @internal
 */
export function checkTimeOptions(
  options: CommonOptions | undefined,
  name: string,
  known: readonly string[],
): void {
  if (options === undefined) return;
  checkOptions(options, name, known);
  const { clock, signal, unref } = options;
  if (clock !== undefined) checkClock(clock, `${name}.clock`);
  if (signal !== undefined) checkSignal(signal, `${name}.signal`);
  if (unref !== undefined && typeof unref !== 'boolean') {
    throw new TypeError(`${name}.unref must be a boolean, got ${describe(unref)}`);
  }
}

/** Throws a `TypeError` unless `value` has a `Clock`'s three methods. @internal */
export function checkClock(value: unknown, name: string): void {
  const c = value as Clock | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.now !== 'function' ||
    typeof c.schedule !== 'function' ||
    typeof c.cancel !== 'function'
  ) {
    throw new TypeError(`${name} must be a Clock (now, schedule, cancel), got ${describe(value)}`);
  }
}

/** Throws a `TypeError` unless `value` is an `AbortSignal` (by shape: another realm's passes). @internal */
export function checkSignal(value: unknown, name: string): void {
  const s = value as AbortSignal | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.aborted !== 'boolean' ||
    typeof s.addEventListener !== 'function'
  ) {
    throw new TypeError(`${name} must be an AbortSignal, got ${describe(value)}`);
  }
}

/** Throws a `TypeError` unless `value` is a number. @internal */
export function checkNumber(value: unknown, name: string): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
}
