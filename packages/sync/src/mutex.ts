/**
 * `Mutex<T>`: a fair, abortable lock that owns the value it guards (tokio's `sync::Mutex`).
 */
import type { Selectable, WaitOptions } from '@async/core';
import { BatchSemaphore, checkFunction } from '@async/core/protocol';
import { acquireWaiting, SelectAcquire } from './acquire';
import { ReleasedError } from './errors';
import { Held } from './held';
import { isAborted } from './validate';
import { whenSettled } from './when-settled';

/**
 * Exclusive access to a {@link Mutex}'s value, until {@link MutexGuard.release} (or the end of a
 * `using` scope). Releasing twice is harmless; reading or writing `value` after release throws
 * {@link ReleasedError}.
 *
 * @example
 * ```ts
 * import { Mutex } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const mutex = new Mutex({ hits: 0 });
 * {
 *   using guard = await mutex.lock();
 *   guard.value.hits++;
 * }
 * assert.equal(mutex.tryLock()?.value.hits, 1);
 * ```
 */
export class MutexGuard<T> extends Held {
  #mutex: Mutex<T> | undefined;
  /** @internal */
  constructor(mutex: Mutex<T>) {
    super();
    this.#mutex = mutex;
  }
  /** The guarded value. Assigning replaces it. Throws {@link ReleasedError} after release. */
  get value(): T {
    const mutex = this.#mutex;
    if (mutex === undefined) throw new ReleasedError('mutex guard');
    return mutex.data;
  }
  set value(value: T) {
    const mutex = this.#mutex;
    if (mutex === undefined) throw new ReleasedError('mutex guard');
    mutex.data = value;
  }
  /** Whether this guard was released. */
  get released(): boolean {
    return this.#mutex === undefined;
  }
  /** Unlocks the mutex, handing it to the oldest waiter. Harmless if already released. */
  release(): void {
    const mutex = this.#mutex;
    if (mutex === undefined) return;
    this.#mutex = undefined;
    mutex.unlock();
  }
  /** Same as {@link MutexGuard.release}, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * A lock around a value of type `T`, served in FIFO order, every wait abortable.
 *
 * Use it when one task at a time may touch some state **across an `await`**; for state touched only
 * between awaits, JavaScript's single thread already gives exclusive access and no lock is needed.
 *
 * @example
 * ```ts
 * import { Mutex } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const balance = new Mutex(100);
 * async function withdraw(amount: number): Promise<boolean> {
 *   const guard = await balance.lock();
 *   try {
 *     const current = guard.value;
 *     await Promise.resolve(); // an await inside the critical section
 *     if (current < amount) return false;
 *     guard.value = current - amount;
 *     return true;
 *   } finally {
 *     guard.release();
 *   }
 * }
 * const results = await Promise.all([withdraw(60), withdraw(60)]);
 * assert.deepEqual(results, [true, false]);
 * assert.equal(await balance.runExclusive((g) => g.value), 40);
 * ```
 */
export class Mutex<T = void> {
  /** @internal The guarded value. */
  data: T;
  /** One permit: the lock. Waiters queue for it in core's permit mechanism, as in tokio. */
  readonly #sem = new BatchSemaphore(1);

  constructor(value: T) {
    this.data = value;
  }

  /**
   * Waits for the lock and resolves to its guard. Waiters are served in the order they called.
   * Rejects with `signal.reason` if the signal aborts first (or is already aborted).
   *
   * **Cancel safety:** aborting loses the place in the queue, and nothing else; the lock is never
   * acquired by an aborted call. In `select`, use {@link Mutex.locking} instead.
   *
   * @example
   * ```ts
   * import { Mutex } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const mutex = new Mutex<string[]>([]);
   * const held = await mutex.lock();
   * const aborted = AbortSignal.abort(new Error('gave up'));
   * await assert.rejects(mutex.lock({ signal: aborted }), /gave up/);
   * held.value.push('a');
   * held.release();
   * assert.deepEqual(mutex.tryLock()?.value, ['a']);
   * ```
   */
  lock(options?: WaitOptions): Promise<MutexGuard<T>> {
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    if (this.#sem.tryAcquire(1)) return Promise.resolve(new MutexGuard(this));
    return acquireWaiting(this.#sem, 1, this, signal);
  }

  /**
   * Takes the lock if it is free and nobody waits, else returns `undefined`.
   *
   * @example
   * ```ts
   * import { Mutex } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const mutex = new Mutex(0);
   * const guard = mutex.tryLock();
   * assert.ok(guard);
   * assert.equal(mutex.tryLock(), undefined);
   * guard.release();
   * ```
   */
  tryLock(): MutexGuard<T> | undefined {
    return this.#sem.tryAcquire(1) ? new MutexGuard(this) : undefined;
  }

  /**
   * Runs `fn` with the lock held and releases it when `fn`'s result settles, whether it fulfils,
   * rejects or throws. Resolves to `fn`'s result. Throws `TypeError` at the call if `fn` is not a
   * function.
   *
   * **Cancel safety:** as {@link Mutex.lock} while waiting; once `fn` runs, the signal is not watched.
   *
   * @example
   * ```ts
   * import { Mutex } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const counter = new Mutex(0);
   * await Promise.all(
   *   Array.from({ length: 10 }, () =>
   *     counter.runExclusive(async (guard) => {
   *       const v = guard.value;
   *       await Promise.resolve();
   *       guard.value = v + 1;
   *     }),
   *   ),
   * );
   * assert.equal(counter.tryLock()?.value, 10);
   * ```
   */
  runExclusive<R>(fn: (guard: MutexGuard<T>) => R | PromiseLike<R>, options?: WaitOptions): Promise<R> {
    checkFunction(fn, 'fn');
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    const guard = this.tryLock();
    if (guard !== undefined) return runHolding(guard, fn);
    return this.lock(options).then((g) => runHolding(g, fn));
  }

  /**
   * The lock as a `select` branch (core's select protocol): it waits in the same FIFO queue, and if the
   * branch loses, it leaves without taking the lock (or hands it straight to the next waiter).
   *
   * **Cancel safety:** cancel safe. One branch may be raced by several selects at once: each waits in
   * its own place in the queue, and each lock hand-over serves one of them.
   *
   * @example
   * ```ts
   * import { Mutex } from '@async/sync';
   * import { selectTry, selectWait } from '@async/core/protocol';
   * import assert from 'node:assert/strict';
   *
   * const mutex = new Mutex('state');
   * const held = mutex.tryLock()!;
   * const branch = mutex.locking();
   * assert.equal(branch[selectTry](), undefined); // held: nothing taken
   * let woken = false;
   * const unregister = branch[selectWait](() => (woken = true));
   * held.release();
   * assert.ok(woken);
   * const guard = branch[selectTry]()!.value;
   * assert.equal(guard.value, 'state');
   * unregister();
   * guard.release();
   * ```
   */
  locking(): Selectable<MutexGuard<T>> {
    return new SelectAcquire(this.#sem, 1, this);
  }

  /** Whether the lock is held (or being handed to a waiter). */
  get locked(): boolean {
    return this.#sem.available === 0;
  }

  /** @internal A guard for whoever gets the lock. */
  grant(): MutexGuard<T> {
    return new MutexGuard(this);
  }

  /** @internal Hands the lock to the oldest waiter still waiting, or frees it. */
  unlock(): void {
    this.#sem.release(1);
  }
}

/** Runs `fn` with a held guard (or permit) and releases it once `fn`'s result settles. */
function runHolding<H extends { release(): void }, R>(
  held: H,
  fn: (held: H) => R | PromiseLike<R>,
): Promise<R> {
  let result: R | PromiseLike<R>;
  try {
    result = fn(held);
  } catch (e) {
    held.release();
    return Promise.reject(e);
  }
  return whenSettled(
    result,
    (value) => {
      held.release();
      return value;
    },
    (e: unknown) => {
      held.release();
      throw e;
    },
  );
}
