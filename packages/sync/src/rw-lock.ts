/**
 * `RwLock<T>`: many readers or one writer, fair and write-preferring (tokio's `sync::RwLock`).
 */
import type { Selectable, WaitOptions } from '@async/core';
import { BatchSemaphore, checkInteger, checkOptions } from '@async/core/protocol';
import { acquireWaiting, type Grantor, SelectAcquire } from './acquire';
import { ReleasedError } from './errors';
import { Held } from './held';
import { isAborted } from './validate';

/** The default and largest reader count: tokio's `u32::MAX >> 3`. */
const MAX_READERS = 0x1fffffff;

/** Options of {@link RwLock}. */
export interface RwLockOptions {
  /**
   * How many readers may hold the lock at once; a writer waits for all of them.
   * @defaultValue `536870911` (tokio's `u32::MAX >> 3`)
   */
  readonly maxReaders?: number;
}

/**
 * Shared read access to an {@link RwLock}'s value until released. Reading `value` after release
 * throws {@link ReleasedError}; releasing twice is harmless.
 *
 * @example
 * ```ts
 * import { RwLock } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const lock = new RwLock('config');
 * using a = await lock.read();
 * using b = await lock.read(); // readers share the lock
 * assert.equal(a.value + b.value, 'configconfig');
 * ```
 */
export class RwLockReadGuard<T> extends Held {
  #lock: RwLock<T> | undefined;
  /** @internal */
  constructor(lock: RwLock<T>) {
    super();
    this.#lock = lock;
  }
  /** The guarded value. Throws {@link ReleasedError} after release. */
  get value(): T {
    if (this.#lock === undefined) throw new ReleasedError('read guard');
    return this.#lock.data;
  }
  /** Whether this guard was released. */
  get released(): boolean {
    return this.#lock === undefined;
  }
  /** Gives up read access. Harmless if already released. */
  release(): void {
    const lock = this.#lock;
    if (lock === undefined) return;
    this.#lock = undefined;
    lock.sem.release(1);
  }
  /** Same as {@link RwLockReadGuard.release}, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * Exclusive write access to an {@link RwLock}'s value until released or downgraded.
 *
 * @example
 * ```ts
 * import { RwLock } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const lock = new RwLock(1);
 * const writer = await lock.write();
 * writer.value = 2;
 * const reader = writer.downgrade(); // keeps access, lets other readers in
 * assert.equal(reader.value, 2);
 * assert.ok(lock.tryRead());
 * ```
 */
export class RwLockWriteGuard<T> extends Held {
  #lock: RwLock<T> | undefined;
  /** @internal */
  constructor(lock: RwLock<T>) {
    super();
    this.#lock = lock;
  }
  /** The guarded value. Assigning replaces it. Throws {@link ReleasedError} after release. */
  get value(): T {
    if (this.#lock === undefined) throw new ReleasedError('write guard');
    return this.#lock.data;
  }
  set value(value: T) {
    if (this.#lock === undefined) throw new ReleasedError('write guard');
    this.#lock.data = value;
  }
  /** Whether this guard was released (or downgraded). */
  get released(): boolean {
    return this.#lock === undefined;
  }
  /**
   * Turns write access into read access atomically: no writer can get in between, and waiting readers
   * at the head of the queue are let in. This guard is released; use the returned one.
   */
  downgrade(): RwLockReadGuard<T> {
    const lock = this.#lock;
    if (lock === undefined) throw new ReleasedError('write guard');
    this.#lock = undefined;
    if (lock.maxReaders > 1) lock.sem.release(lock.maxReaders - 1);
    return new RwLockReadGuard(lock);
  }
  /** Gives up write access. Harmless if already released. */
  release(): void {
    const lock = this.#lock;
    if (lock === undefined) return;
    this.#lock = undefined;
    lock.sem.release(lock.maxReaders);
  }
  /** Same as {@link RwLockWriteGuard.release}, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * A reader-writer lock around a value of type `T`. Any number of readers (up to `maxReaders`) share
 * it; a writer has it alone. Requests are served in FIFO order, so a waiting writer blocks readers
 * that come after it: writers are never starved. (A task that reads again while holding a read guard
 * can therefore deadlock behind a waiting writer, as in tokio.)
 *
 * @example
 * ```ts
 * import { RwLock } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const cache = new RwLock(new Map<string, number>());
 * {
 *   using w = await cache.write();
 *   w.value.set('a', 1);
 * }
 * const [r1, r2] = await Promise.all([cache.read(), cache.read()]);
 * assert.equal(r1.value.get('a'), 1);
 * assert.equal(cache.tryWrite(), undefined); // readers hold it
 * r1.release();
 * r2.release();
 * assert.ok(cache.tryWrite());
 * ```
 */
export class RwLock<T = void> {
  /** @internal */
  data: T;
  /** @internal */
  readonly sem: BatchSemaphore;
  /** How many readers may hold the lock at once. */
  readonly maxReaders: number;
  readonly #readGrant: Grantor<RwLockReadGuard<T>> = { grant: () => new RwLockReadGuard(this) };
  readonly #writeGrant: Grantor<RwLockWriteGuard<T>> = { grant: () => new RwLockWriteGuard(this) };

  /**
   * Throws `TypeError` for options that are not an object or have an unknown key, and unless
   * `maxReaders` is a number; `RangeError` unless it is an integer from 1 to 536870911.
   */
  constructor(value: T, options?: RwLockOptions) {
    checkOptions(options, 'options', ['maxReaders']);
    const maxReaders = options?.maxReaders ?? MAX_READERS;
    checkInteger(maxReaders, 'options.maxReaders', 1, MAX_READERS);
    this.data = value;
    this.maxReaders = maxReaders;
    this.sem = new BatchSemaphore(maxReaders);
  }

  /**
   * Waits for shared read access. Not granted while an earlier writer waits.
   *
   * **Cancel safety:** aborting loses the place in the queue; in `select` use {@link RwLock.reading}.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock(5);
   * const guard = await lock.read();
   * assert.equal(guard.value, 5);
   * guard.release();
   * ```
   */
  read(options?: WaitOptions): Promise<RwLockReadGuard<T>> {
    return this.#acquire(1, this.#readGrant, options);
  }

  /**
   * Waits for exclusive write access: until every reader and earlier writer is done.
   *
   * **Cancel safety:** aborting loses the place in the queue, and read permits already gathered for
   * it go to the next waiter. In `select` use {@link RwLock.writing}.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock(0);
   * const guard = await lock.write();
   * guard.value += 1;
   * guard.release();
   * assert.equal(lock.tryRead()?.value, 1);
   * ```
   */
  write(options?: WaitOptions): Promise<RwLockWriteGuard<T>> {
    return this.#acquire(this.maxReaders, this.#writeGrant, options);
  }

  #acquire<R>(n: number, grantor: Grantor<R>, options: WaitOptions | undefined): Promise<R> {
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    const sem = this.sem;
    if (sem.tryAcquire(n)) return Promise.resolve(grantor.grant(n));
    return acquireWaiting(sem, n, grantor, signal);
  }

  /**
   * Read access now, or `undefined` if a writer holds the lock or anyone waits.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock('x');
   * const w = lock.tryWrite()!;
   * assert.equal(lock.tryRead(), undefined);
   * w.release();
   * assert.equal(lock.tryRead()?.value, 'x');
   * ```
   */
  tryRead(): RwLockReadGuard<T> | undefined {
    return this.sem.tryAcquire(1) ? new RwLockReadGuard(this) : undefined;
  }

  /**
   * Write access now, or `undefined` if anyone holds the lock or waits for it.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock('x');
   * const r = lock.tryRead()!;
   * assert.equal(lock.tryWrite(), undefined);
   * r.release();
   * assert.ok(lock.tryWrite());
   * ```
   */
  tryWrite(): RwLockWriteGuard<T> | undefined {
    return this.sem.tryAcquire(this.maxReaders) ? new RwLockWriteGuard(this) : undefined;
  }

  /**
   * Read access as a `select` branch (core's select protocol); a losing branch leaves the queue and
   * takes nothing.
   *
   * **Cancel safety:** cancel safe. One branch may be raced by several selects at once: each waits in
   * its own place in the queue.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import { selectTry } from '@async/core/protocol';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock(7);
   * assert.equal(lock.reading()[selectTry]()?.value.value, 7);
   * ```
   */
  reading(): Selectable<RwLockReadGuard<T>> {
    return new SelectAcquire(this.sem, 1, this.#readGrant);
  }

  /**
   * Write access as a `select` branch (core's select protocol); a losing branch leaves the queue and
   * hands on the read permits it gathered.
   *
   * **Cancel safety:** cancel safe. One branch may be raced by several selects at once: each waits in
   * its own place in the queue, and each hand-over of the lock serves one of them.
   *
   * @example
   * ```ts
   * import { RwLock } from '@async/sync';
   * import { selectTry } from '@async/core/protocol';
   * import assert from 'node:assert/strict';
   *
   * const lock = new RwLock(7);
   * const reader = lock.tryRead()!;
   * assert.equal(lock.writing()[selectTry](), undefined);
   * reader.release();
   * ```
   */
  writing(): Selectable<RwLockWriteGuard<T>> {
    return new SelectAcquire(this.sem, this.maxReaders, this.#writeGrant);
  }
}
