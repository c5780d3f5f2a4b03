/**
 * Argument checks of @async/time that are its own (the options every time function shares, a number);
 * the shared ones (`describe`, `checkOptions`, `checkSignal`, `checkClock`) are core's. Bad input fails at the call,
 * naming the parameter and what came, e.g. `TypeError: ms must be a number >= 0, got "5" (string)`. A
 * wrong type is a `TypeError`; the right type out of range is a `RangeError`.
 */
import type { Clock } from '@async/core';
import { checkClock, checkOptions, checkSignal, describe } from '@async/core/protocol';

/** The options every time function shares. */
interface CommonOptions {
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly unref?: boolean;
}

/**
 * Checks the options of a time function: known keys only, and `clock`, `signal` and `unref` of the
 * right type when given. Costs nothing when `options` is `undefined`.
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

/** Throws a `TypeError` unless `value` is a number. */
export function checkNumber(value: unknown, name: string): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
}
