/**
 * @packageDocumentation
 * Shared-state primitives with tokio's semantics: fair (FIFO), every wait abortable with an
 * `AbortSignal`, and fast.
 *
 * How to choose:
 * - **{@link Mutex}** — one task at a time touches a value across `await`s. `lock()` gives a guard
 *   with `value`; `runExclusive(fn)` wraps the lock-use-release pattern.
 * - **{@link RwLock}** — many readers or one writer; a waiting writer holds back later readers, so
 *   writers are not starved.
 * - **{@link Semaphore}** — at most N things at once: concurrency limits, pools. `withPermit(fn)` is a
 *   fair, abortable p-limit; `acquire(n)` takes several permits at once.
 * - **{@link Barrier}** — N tasks wait for each other, generation after generation.
 * - **{@link Notify}** — "something changed" without data: `notifyOne()` stores one permit,
 *   `notifyWaiters()` wakes everyone waiting now.
 * - **{@link OnceCell}** — lazy, shared, one-time async initialisation that survives a failed attempt.
 *
 * In JavaScript, code between two `await`s already runs alone: you need a lock only when a critical
 * section contains an `await`. Waiting calls accept `{ signal }`; `locking()`, `acquiring()`,
 * `reading()`, `writing()` and `notified()` are branches for core's `select`.
 */

export type { WaitOptions } from '@async/core';
export { Barrier, type BarrierWaitResult } from './barrier';
export { ClosedError, ReleasedError, SetError } from './errors';
export { Mutex, MutexGuard } from './mutex';
export { Notified, Notify } from './notify';
export { type Initializer, OnceCell } from './once-cell';
export { RwLock, type RwLockOptions, RwLockReadGuard, RwLockWriteGuard } from './rw-lock';
export { Permit, Semaphore } from './semaphore';
