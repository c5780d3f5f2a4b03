/**
 * Argument checks of @async/channels that are its own (a waiting call's options, a message, a count);
 * the shared ones (`describe`, `checkInteger`, `checkOptions`, `checkSignal`) are core's. Bad input
 * fails at the call, naming the parameter and what came instead (`TypeError: capacity must be an
 * integer, got "10" (string)`). A wrong type is a `TypeError`; the right type out of range a `RangeError`.
 */
import type { WaitOptions } from '@async/core';
import { checkOptions, checkSignal, describe } from '@async/core/protocol';

const WAIT_OPTIONS = ['signal'];

/**
 * The signal of a waiting call's options, once the options are checked. Kept this small so
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
 * Refuses `undefined` as a message of a channel whose receive returns `undefined` for its
 * end (mpsc, broadcast): the receiver could not tell the message from the end.
 */
export function checkMessage(value: unknown): void {
  if (value === undefined) refuseUndefined();
}

function refuseUndefined(): never {
  throw new TypeError('value must not be undefined: a receive returns undefined for the end of the channel');
}

/** A `TypeError` unless `value` is a number, a `RangeError` unless an integer >= 0 (of any size). */
export function checkCount(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be an integer >= 0, got ${describe(value)}`);
  }
}
