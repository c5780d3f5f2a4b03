/**
 * Argument checks shared by every `@async` package: bad input fails at the call, naming the parameter
 * and what came instead, e.g. `TypeError: capacity must be an integer >= 1, got "10" (string)`.
 *
 * A wrong type is a `TypeError`; the right type out of range is a `RangeError`. Each check throws on
 * `undefined` as on any other wrong value: an optional parameter or option is checked only when given
 * (`if (options.name !== undefined) checkString(options.name, 'options.name')`).
 *
 * Implementer API: for packages that build on core, not for applications.
 */
import type { Clock } from './clock';

/** Longest string shown in full by {@link describe}; longer ones are cut. */
const SHOWN_STRING = 40;

/**
 * What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `undefined`, `null`,
 * `an array`, `an object`, `an instance of Map`, `a function`.
 *
 * Implementer API.
 *
 * @example
 * ```ts
 * import { describe } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * assert.equal(describe('10'), '"10" (string)');
 * assert.equal(describe(NaN), 'NaN (number)');
 * assert.equal(describe(new Map()), 'an instance of Map');
 * ```
 */
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

/** Throws a `TypeError` unless `value` is a function. Implementer API. */
export function checkFunction(value: unknown, name: string): asserts value is Function {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
}

/** Throws a `TypeError` unless `value` is a string. Implementer API. */
export function checkString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${describe(value)}`);
}

/** Throws a `TypeError` unless `value` is a boolean. Implementer API. */
export function checkBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

/**
 * Throws a `TypeError` unless `value` is an `AbortSignal` (recognised by shape, so a signal from another
 * realm or a polyfill passes). Implementer API.
 */
export function checkSignal(value: unknown, name: string): asserts value is AbortSignal {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as AbortSignal).aborted !== 'boolean' ||
    typeof (value as AbortSignal).addEventListener !== 'function'
  ) {
    throw new TypeError(`${name} must be an AbortSignal, got ${describe(value)}`);
  }
}

/**
 * Throws a `TypeError` unless `value` has a {@link Clock}'s three methods (`now`, `schedule`, `cancel`),
 * recognised by shape so that a clock of another copy of a package passes. Implementer API.
 */
export function checkClock(value: unknown, name: string): asserts value is Clock {
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

/**
 * Throws a `TypeError` unless `value` is a number, and a `RangeError` unless it is at least `min`
 * (`NaN` never is; `Infinity` is, unless `max` says otherwise). Implementer API.
 */
export function checkNumber(
  value: unknown,
  name: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!(value >= min && value <= max)) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${name} must be a number ${range}, got ${describe(value)}`);
  }
}

/**
 * Throws a `TypeError` unless `value` is a number, and a `RangeError` unless it is an integer from
 * `min` to `max` (a safe integer at most, by default). Implementer API.
 */
export function checkInteger(
  value: unknown,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${name} must be an integer ${range}, got ${describe(value)}`);
  }
}

/**
 * Checks an options argument: `undefined`, or an object whose own keys are all in `known`. A wrong
 * type is a `TypeError`; so is an unknown key (a misspelt option would otherwise be ignored in
 * silence), named in the message. The values are the caller's to check. Implementer API.
 *
 * @example
 * ```ts
 * import { checkOptions } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * checkOptions({ signal: undefined }, 'options', ['signal', 'name']);
 * assert.throws(() => checkOptions({ sginal: 1 }, 'options', ['signal']), /unknown option 'sginal'/);
 * assert.throws(() => checkOptions(5, 'options', ['signal']), /got 5 \(number\)/);
 * ```
 */
export function checkOptions(
  options: unknown,
  name: string,
  known: readonly string[],
): asserts options is object | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} must be an object, got ${describe(options)}`);
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key) || known.includes(key)) continue;
    const accepted = known.length === 0 ? 'none' : known.join(', ');
    throw new TypeError(`${name} has an unknown option '${key}' (accepted: ${accepted})`);
  }
}
