import { AsyncError } from '@async/core';

/**
 * The reason a `timeout` rejects, and the reason it aborts the signal it gave the operation.
 * Its `name` is `'TimeoutError'` and its `code` `'ERR_TIMEOUT'`; like `AbortSignal.timeout()`'s
 * reason, it reads as a timeout wherever code checks `error.name === 'TimeoutError'`.
 *
 * @example
 * ```ts
 * import { TimeoutError, timeout } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * const never = new Promise<never>(() => {});
 * const error = await timeout(1, never).catch((e: unknown) => e);
 * assert.ok(TimeoutError.is(error));
 * assert.equal((error as TimeoutError).name, 'TimeoutError');
 * ```
 */
export class TimeoutError extends AsyncError {
  override readonly name = 'TimeoutError';
  static override readonly code = 'ERR_TIMEOUT';
  declare static readonly is: (e: unknown) => e is TimeoutError;
  constructor(message = 'The operation timed out') {
    super(message);
  }
}
