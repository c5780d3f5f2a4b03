import { AsyncError } from '@async/core';

/**
 * Which limit a {@link TimeoutError} reports: the duration of a `timeout` call, the deadline of a
 * `timeoutAt` call (milliseconds on the clock's timeline), or both.
 */
export interface TimeoutLimit {
  /** The time limit in milliseconds, for a limit given as a duration. */
  readonly ms?: number;
  /** The deadline that passed, in milliseconds on the clock's timeline. */
  readonly deadline?: number;
}

/**
 * The reason a `timeout` rejects, and the reason it aborts the signal it gave the operation.
 * Its `name` is `'TimeoutError'` and its `code` `'ERR_TIMEOUT'`; like `AbortSignal.timeout()`'s
 * reason, it reads as a timeout wherever code checks `error.name === 'TimeoutError'`. It says which
 * limit elapsed, in its message and in {@link TimeoutError.ms} / {@link TimeoutError.deadline}.
 *
 * @example
 * ```ts
 * import { TimeoutError, timeout } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * const never = new Promise<never>(() => {});
 * const error = await timeout(1, never).catch((e: unknown) => e);
 * assert.ok(TimeoutError.is(error));
 * assert.equal(error.name, 'TimeoutError');
 * assert.equal(error.ms, 1);
 * assert.equal(error.message, 'The operation timed out after 1 ms');
 * ```
 */
export class TimeoutError extends AsyncError {
  override readonly name = 'TimeoutError';
  static override readonly code = 'ERR_TIMEOUT';
  declare static readonly is: (e: unknown) => e is TimeoutError;
  /** The limit that elapsed, in milliseconds, when it was given as a duration (`timeout`). */
  readonly ms: number | undefined;
  /** The deadline that passed, in milliseconds on the clock's timeline, when known. */
  readonly deadline: number | undefined;

  /** `message` defaults to one that names the limit. */
  constructor(message?: string, limit?: TimeoutLimit) {
    super(message ?? describeLimit(limit));
    this.ms = limit?.ms;
    this.deadline = limit?.deadline;
  }
}

function describeLimit(limit: TimeoutLimit | undefined): string {
  if (limit?.ms !== undefined) return `The operation timed out after ${limit.ms} ms`;
  if (limit?.deadline !== undefined)
    return `The operation timed out at its deadline (${limit.deadline} ms on its clock)`;
  return 'The operation timed out';
}
