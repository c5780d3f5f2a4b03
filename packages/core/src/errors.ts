/**
 * Error conventions shared by every `@async` package.
 *
 * Every error class has a stable `code` and a static `is(e)` that recognises it without `instanceof`:
 * an application may load both the ESM and the CJS copy of a package, and the copies' classes differ.
 * The brand is a `Symbol.for` key, which every copy of every package sees as the same symbol.
 */
const codeBrand = Symbol.for('@async/error-code');

/** Base class of `@async`'s errors: a stable `code`, recognisable across package copies. */
export abstract class AsyncError extends Error {
  /** A stable machine-readable code such as `ERR_JOIN`. */
  abstract readonly code: string;
  get [codeBrand](): string {
    return this.code;
  }
}

/**
 * Whether `e` is an `@async` error with the given `code`, from whichever copy of the package threw it.
 *
 * @example
 * ```ts
 * import { CancelledError, hasErrorCode } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * assert.ok(hasErrorCode(new CancelledError(), 'ERR_CANCELLED'));
 * assert.ok(!hasErrorCode(new Error('x'), 'ERR_CANCELLED'));
 * ```
 */
export function hasErrorCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { [codeBrand]?: string })[codeBrand] === code;
}

/**
 * The reason `@async` gives an `AbortSignal` it aborts itself: a task aborted through its handle, the
 * losers of a `select`, the siblings of a failed `scope` member, a cancelled `CancellationToken`.
 * Its `name` is `'AbortError'`, as for the platform's own aborts.
 */
export class CancelledError extends AsyncError {
  override readonly name = 'AbortError';
  readonly code = 'ERR_CANCELLED';
  constructor(message = 'The operation was cancelled') {
    super(message);
  }
  /** Whether `e` is a `CancelledError` from any copy of `@async/core`. */
  static is(e: unknown): e is CancelledError {
    return hasErrorCode(e, 'ERR_CANCELLED');
  }
}

/**
 * Why a task did not produce its value: it was aborted (`isCancelled()`) or its function threw or
 * rejected (`isFailure()`). `cause` holds the abort reason or the thrown value.
 */
export class JoinError extends AsyncError {
  override readonly name = 'JoinError';
  readonly code = 'ERR_JOIN';
  private readonly cancelled: boolean;
  constructor(cancelled: boolean, cause: unknown, taskName?: string) {
    const task = taskName === undefined ? 'task' : `task '${taskName}'`;
    super(cancelled ? `${task} was cancelled` : `${task} failed: ${describe(cause)}`, { cause });
    this.cancelled = cancelled;
  }
  /** The task was aborted before it finished. */
  isCancelled(): boolean {
    return this.cancelled;
  }
  /** The task's function threw or rejected (tokio's `is_panic`). */
  isFailure(): boolean {
    return !this.cancelled;
  }
  /** Whether `e` is a `JoinError` from any copy of `@async/core`. */
  static is(e: unknown): e is JoinError {
    return hasErrorCode(e, 'ERR_JOIN');
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
