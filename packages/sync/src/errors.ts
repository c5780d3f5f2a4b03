/**
 * The errors of `@async/sync`. Each has a stable `code` and a static `is(e)` that recognises it from any
 * copy of the package (ESM or CJS), without `instanceof`.
 */
import { AsyncError } from '@async/core';

/**
 * A {@link Semaphore} was closed: waiting `acquire` calls reject with it, and later `acquire` and
 * `tryAcquire` calls fail with it (tokio's `AcquireError` / `TryAcquireError::Closed`).
 *
 * @example
 * ```ts
 * import { ClosedError, Semaphore } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const sem = new Semaphore(0);
 * const waiting = sem.acquire();
 * sem.close();
 * await assert.rejects(waiting, (e) => ClosedError.is(e));
 * ```
 */
export class ClosedError extends AsyncError {
  override readonly name = 'ClosedError';
  static override readonly code = 'ERR_SEMAPHORE_CLOSED';
  declare static readonly is: (e: unknown) => e is ClosedError;
  constructor(message = 'the semaphore is closed') {
    super(message);
  }
}

/**
 * A guard or permit was used after it was released: reading or writing a guard's `value`, or
 * downgrading, splitting or forgetting a released one. Releasing twice is harmless and does not throw.
 *
 * @example
 * ```ts
 * import { Mutex, ReleasedError } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const guard = await new Mutex(1).lock();
 * guard.release();
 * assert.throws(() => guard.value, (e) => ReleasedError.is(e));
 * ```
 */
export class ReleasedError extends AsyncError {
  override readonly name = 'ReleasedError';
  static override readonly code = 'ERR_RELEASED';
  declare static readonly is: (e: unknown) => e is ReleasedError;
  constructor(what = 'guard') {
    super(`the ${what} was already released`);
  }
}

/**
 * `OnceCell.set` failed: the cell already holds a value, or an initialiser is running
 * (tokio's `SetError::AlreadyInitializedError` / `InitializingError`). The rejected value is handed back.
 *
 * @example
 * ```ts
 * import { OnceCell, SetError } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const cell = new OnceCell<number>();
 * cell.set(1);
 * assert.throws(
 *   () => cell.set(2),
 *   (e) => SetError.is(e) && e.reason === 'initialized' && e.value === 2,
 * );
 * ```
 */
export class SetError<T = unknown> extends AsyncError {
  override readonly name = 'SetError';
  static override readonly code = 'ERR_ONCE_CELL_SET';
  declare static readonly is: (e: unknown) => e is SetError;
  /** `'initialized'`: the cell holds a value; `'initializing'`: an initialiser is running. */
  readonly reason: 'initialized' | 'initializing';
  /** The value that was not stored. */
  readonly value: T;
  constructor(reason: 'initialized' | 'initializing', value: T) {
    super(reason === 'initialized' ? 'the cell is already initialized' : 'the cell is being initialized');
    this.reason = reason;
    this.value = value;
  }
}
