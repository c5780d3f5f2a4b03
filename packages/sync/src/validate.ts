/**
 * Argument checks of the package: bad input fails at the call, naming the parameter and what came,
 * e.g. `TypeError: permits must be an integer, got "3" (string)`. A wrong type is a `TypeError`; the
 * right type out of range is a `RangeError`.
 *
 * (Core is gaining the same helpers for every package; these will then be imported from there.)
 */

/** What `value` is, for an error message: `"10" (string)`, `NaN (number)`, `null`, `an object`. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (string)`;
    case 'number':
    case 'boolean':
      return `${String(value)} (${typeof value})`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'symbol':
      return `${value.toString()} (symbol)`;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object'
    ? `an instance of ${name}`
    : 'an object';
}

/** Throws a `TypeError` unless `value` is a function. */
export function checkFunction(value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
}

/** Throws a `TypeError` unless `value` is a number, a `RangeError` unless it is an integer in `[min, max]`. */
export function checkInteger(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
}

/** Throws a `TypeError` unless `options` is `undefined` or an object whose own keys are all `known`. */
export function checkOptions(options: unknown, name: string, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${name} has an unknown option '${key}' (accepted: ${known.join(', ')})`);
    }
  }
}

/**
 * Whether a wait's `signal` (not `undefined`) is aborted; throws a `TypeError` naming
 * `options.signal` if it is not an `AbortSignal` (recognised by its `aborted` flag, cheaply enough
 * for every waiting call).
 */
export function isAborted(signal: AbortSignal): boolean {
  const aborted = (signal as AbortSignal | null)?.aborted;
  if (aborted === false) return false;
  if (aborted === true) return true;
  throw new TypeError(`options.signal must be an AbortSignal, got ${describe(signal)}`);
}
