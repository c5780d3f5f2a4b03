/**
 * Argument checks of @async/channels: bad input fails at the call, naming the parameter and what came
 * instead (`TypeError: capacity must be an integer, got "10" (string)`). A wrong type is a `TypeError`;
 * the right type out of range is a `RangeError`.
 *
 * `describe`, `checkInteger`, `checkOptions` and `checkSignal` have the behaviour and messages of core's
 * shared checks, which are on their way to core's implementer API; once there, these four go and the
 * channel checks below import them.
 */
import type { WaitOptions } from '@async/core';

/** Longest string shown in full by {@link describe}. */
const SHOWN_STRING = 40;

/** @internal What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `null`, `an object`. */
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

/** @internal A `TypeError` unless `value` is a number, a `RangeError` unless an integer from `min` to `max`. */
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

/** @internal A `TypeError` unless `options` is `undefined` or an object with no key outside `known`. */
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

/** @internal A `TypeError` unless `value` is an `AbortSignal` (by shape, so one from another realm passes). */
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

const WAIT_OPTIONS = ['signal'];

/**
 * @internal The signal of a waiting call's options, once the options are checked. Kept this small so
 * that the engine inlines it: most calls pass no options and pay one comparison.
 */
export function signalOf(options: WaitOptions | undefined): AbortSignal | undefined {
  return options === undefined ? undefined : checkedSignal(options);
}

function checkedSignal(options: WaitOptions): AbortSignal | undefined {
  checkOptions(options, 'options', WAIT_OPTIONS);
  const signal = options.signal;
  if (signal !== undefined) checkSignal(signal, 'options.signal');
  return signal;
}

/**
 * @internal Refuses `undefined` as a message of a channel whose receive returns `undefined` for its
 * end (mpsc, broadcast): the receiver could not tell the message from the end.
 */
export function checkMessage(value: unknown): void {
  if (value === undefined) refuseUndefined();
}

function refuseUndefined(): never {
  throw new TypeError('value must not be undefined: a receive returns undefined for the end of the channel');
}

/** @internal A `TypeError` unless `value` is a number, a `RangeError` unless an integer >= 0 (of any size). */
export function checkCount(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be an integer >= 0, got ${describe(value)}`);
  }
}
