/**
 * Validation of options at construction: a bad value throws at the call site, naming the option and
 * saying what it got, e.g. `RangeError: maxAttempts must be a positive integer, got 0 (number)`.
 */

/** What a value is, for an error message: `0 (number)`, `"10" (string)`. */
export function got(value: unknown): string {
  return `${typeof value === 'string' ? JSON.stringify(value) : String(value)} (${typeof value})`;
}

function fail(name: string, what: string, value: unknown): never {
  const message = `${name} must be ${what}, got ${got(value)}`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** An integer ≥ 1 (or `Infinity` when `infinite` allows it). */
export function positiveInteger(value: unknown, name: string, infinite = false): number {
  if (infinite && value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail(name, infinite ? 'a positive integer or Infinity' : 'a positive integer', value);
  }
  return value;
}

/** An integer ≥ 0. */
export function nonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(name, 'a non-negative integer', value);
  }
  return value;
}

/** A duration in milliseconds: finite and ≥ 0 (or `Infinity` when `infinite` allows it). */
export function duration(value: unknown, name: string, infinite = false): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < 0 ||
    (!infinite && !Number.isFinite(value))
  ) {
    fail(name, `a non-negative${infinite ? '' : ', finite'} number of milliseconds`, value);
  }
  return value;
}

/** A duration in milliseconds, > 0 and finite. */
export function positiveDuration(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(name, 'a positive, finite number of milliseconds', value);
  }
  return value;
}

/** A number > 0 and finite (a rate, a factor). */
export function positiveNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(name, 'a positive, finite number', value);
  }
  return value;
}

/** A ratio in [0, 1] (or (0, 1] when `open` excludes 0). */
export function ratio(value: unknown, name: string, open = false): number {
  if (typeof value !== 'number' || !(open ? value > 0 : value >= 0) || !(value <= 1)) {
    fail(name, open ? 'a number in (0, 1]' : 'a number in [0, 1]', value);
  }
  return value;
}

/** A function, if given. */
export function optionalFunction<F>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') fail(name, 'a function', value);
  return value;
}

/** Throws `TypeError` for a key of `options` that is not in `known` (a misspelt option is a bug). */
export function knownKeys(options: object | undefined, known: readonly string[], what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${what} options must be an object, got ${got(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`unknown option ${JSON.stringify(key)} of ${what}; known: ${known.join(', ')}`);
    }
  }
}
