/**
 * The one argument check of @async/sync that is its own, `isAborted`, cheap enough for every waiting
 * call; the shared checks (`describe`, `checkFunction`, `checkInteger`, `checkOptions`) are core's.
 */
import { describe } from '@async/core/protocol';

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
