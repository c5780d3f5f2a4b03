/**
 * Options of every `@async` operation that can wait.
 *
 * @example
 * ```ts
 * import type { WaitOptions } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * function later(options?: WaitOptions): Promise<string> {
 *   const signal = options?.signal;
 *   if (signal?.aborted) return Promise.reject(signal.reason);
 *   return Promise.resolve('done');
 * }
 * await assert.rejects(later({ signal: AbortSignal.abort(new Error('gave up')) }), /gave up/);
 * assert.equal(await later(), 'done');
 * ```
 */
export interface WaitOptions {
  /**
   * Aborts the wait: the call rejects with `signal.reason` and leaves no trace (no waiter left queued,
   * no listener left on the signal, nothing consumed).
   * @defaultValue no signal: wait as long as it takes
   */
  readonly signal?: AbortSignal | undefined;
}
