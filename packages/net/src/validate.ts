// Argument checks (internal): bad input fails at the call, naming the parameter and what came, e.g.
// `TypeError: maxLength must be a number >= 0, got "5" (string)`. A wrong type is a TypeError; the
// right type out of range is a RangeError.
//
// These are the same functions, with the same messages, as the shared checks being added to
// @async/core (`describe`, `checkOptions`, …); once core exports them this file is replaced by an
// import from there.

/** Longest string shown in full by {@link describe}; longer ones are cut. */
const SHOWN_STRING = 40;

/**
 * What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `undefined`, `null`,
 * `an array`, `an object`, `an instance of Map`, `a function`.
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

/** Throws a `TypeError` unless `value` is a boolean. */
export function checkBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

/** Throws a `TypeError` unless `value` is an `AbortSignal` (recognised by shape, so a signal from another realm passes). */
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
 * Throws a `TypeError` unless `value` is a number, and a `RangeError` unless it is at least `min`
 * (`NaN` never is; `Infinity` is, unless `max` says otherwise).
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
 * `min` to `max` (a safe integer at most, by default).
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
 * silence), named in the message. The values are the caller's to check.
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
