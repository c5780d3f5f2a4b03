/**
 * `Semaphore`: a fair counting semaphore with batch acquisition (tokio's `sync::Semaphore`).
 */
import type { Selectable, WaitOptions } from '@async/core';
import { BatchSemaphore, checkFunction, PermitWaiter } from '@async/core/protocol';
import { acquireWaiting, checkPermits, MAX_PERMITS, SelectAcquire } from './acquire';
import { ClosedError, ReleasedError } from './errors';
import { Held } from './held';
import { isAborted } from './validate';
import { whenSettled } from './when-settled';

/** The permits of a {@link Semaphore}, and how many it owns in all: free, held or assigned. */
class Permits extends BatchSemaphore {
  total: number;
  constructor(permits: number) {
    super(permits);
    this.total = permits;
  }
}

/**
 * Permits taken from a {@link Semaphore}. `release()` (or the end of a `using` scope) gives them back;
 * `forget()` removes them from the semaphore for good. Releasing twice is harmless.
 *
 * @example
 * ```ts
 * import { Semaphore } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const sem = new Semaphore(3);
 * {
 *   using permit = await sem.acquire(2);
 *   assert.equal(permit.permits, 2);
 *   assert.equal(sem.available, 1);
 * }
 * assert.equal(sem.available, 3);
 * ```
 */
export class Permit extends Held {
  #sem: Permits | undefined;
  #n: number;
  /** @internal */
  constructor(sem: Permits, n: number) {
    super();
    this.#sem = sem;
    this.#n = n;
  }
  /** How many permits this holds (0 once released or forgotten). */
  get permits(): number {
    return this.#sem === undefined ? 0 : this.#n;
  }
  /** Whether this permit was released or forgotten. */
  get released(): boolean {
    return this.#sem === undefined;
  }
  /** Gives the permits back to the semaphore (to its oldest waiter first). Harmless if already released. */
  release(): void {
    const sem = this.#sem;
    if (sem === undefined) return;
    this.#sem = undefined;
    if (this.#n > 0) sem.release(this.#n);
  }
  /**
   * Removes the permits from the semaphore instead of returning them: its capacity shrinks by
   * {@link Permit.permits}. Throws {@link ReleasedError} if already released.
   */
  forget(): void {
    const sem = this.#sem;
    if (sem === undefined) throw new ReleasedError('permit');
    this.#sem = undefined;
    sem.total -= this.#n;
  }
  /**
   * Moves `n` of these permits into a new `Permit` (tokio's `split`). Returns `undefined` if this holds
   * fewer than `n`. Throws {@link ReleasedError} if released.
   */
  split(n: number): Permit | undefined {
    const sem = this.#sem;
    if (sem === undefined) throw new ReleasedError('permit');
    checkPermits(n, 'n');
    if (n > this.#n) return undefined;
    this.#n -= n;
    return new Permit(sem, n);
  }
  /**
   * Moves every permit of `other` (from the same semaphore) into this one (tokio's `merge`).
   * Throws `RangeError` if `other` belongs to another semaphore, {@link ReleasedError} if either was released.
   */
  merge(other: Permit): void {
    const sem = this.#sem;
    if (sem === undefined || other.#sem === undefined) throw new ReleasedError('permit');
    if (other.#sem !== sem) throw new RangeError('cannot merge permits of different semaphores');
    this.#n += other.#n;
    other.#sem = undefined;
  }
  /** Same as {@link Permit.release}, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * A count of permits handed out fairly: `acquire(n)` waits until `n` are free **and** every earlier
 * caller was served, so a large request is never starved by small ones.
 *
 * Use it to bound concurrency (at most N requests in flight, a pool of N connections). For a single
 * holder, {@link Mutex} guards a value directly.
 *
 * @example
 * ```ts
 * import { Semaphore } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const sem = new Semaphore(2);
 * let running = 0;
 * let peak = 0;
 * await Promise.all(
 *   Array.from({ length: 8 }, () =>
 *     sem.withPermit(async () => {
 *       peak = Math.max(peak, ++running);
 *       await new Promise((r) => setImmediate(r));
 *       running--;
 *     }),
 *   ),
 * );
 * assert.equal(peak, 2);
 * ```
 */
export class Semaphore {
  /** The most permits a semaphore can hold: `Number.MAX_SAFE_INTEGER`. */
  static readonly MAX_PERMITS: number = MAX_PERMITS;

  readonly #sem: Permits;
  readonly #releaseOne = (value: unknown): unknown => {
    this.#sem.release(1);
    return value;
  };
  readonly #releaseOneAndThrow = (e: unknown): never => {
    this.#sem.release(1);
    throw e;
  };

  /**
   * Throws `TypeError` unless `permits` is a number, `RangeError` unless it is an integer from 0 to
   * {@link Semaphore.MAX_PERMITS}.
   */
  constructor(permits: number) {
    checkPermits(permits, 'permits');
    this.#sem = new Permits(permits);
  }

  /** Permits free now (0 while anyone waits, since waiting callers are served first). */
  get available(): number {
    return this.#sem.available;
  }

  /** Whether {@link Semaphore.close} was called. */
  get closed(): boolean {
    return this.#sem.isClosed;
  }

  /**
   * Waits for `n` permits. Callers are served in FIFO order: a waiting request blocks later ones even
   * when enough permits are free for them. Rejects with {@link ClosedError} once the semaphore is
   * closed, with `signal.reason` if the signal aborts. Throws at the call for a bad `n` (`TypeError` for
   * a non-number, `RangeError` out of range) or a `signal` that is not an `AbortSignal`.
   *
   * **Cancel safety:** aborting loses the place in the queue; permits already assigned to the call go
   * to the next waiter, none is lost. In `select`, use {@link Semaphore.acquiring}.
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(1);
   * const first = await sem.acquire();
   * const second = sem.acquire();
   * const controller = new AbortController();
   * const third = sem.acquire(1, { signal: controller.signal });
   * controller.abort(new Error('timeout'));
   * await assert.rejects(third, /timeout/);
   * first.release();
   * (await second).release();
   * assert.equal(sem.available, 1);
   * ```
   */
  acquire(n = 1, options?: WaitOptions): Promise<Permit> {
    if (n !== 1) checkPermits(n, 'n');
    const sem = this.#sem;
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    if (sem.isClosed) return Promise.reject(new ClosedError());
    if (sem.tryAcquire(n)) return Promise.resolve(new Permit(sem, n));
    return acquireWaiting(sem, n, this, signal);
  }

  /**
   * Takes `n` permits now if they are free and nobody waits, else returns `undefined`. Throws
   * {@link ClosedError} if the semaphore is closed (checked first, as tokio does).
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(2);
   * const permit = sem.tryAcquire(2);
   * assert.equal(permit?.permits, 2);
   * assert.equal(sem.tryAcquire(), undefined);
   * ```
   */
  tryAcquire(n = 1): Permit | undefined {
    if (n !== 1) checkPermits(n, 'n');
    const sem = this.#sem;
    if (sem.isClosed) throw new ClosedError();
    return sem.tryAcquire(n) ? new Permit(sem, n) : undefined;
  }

  /**
   * Runs `fn` once a permit is free, and releases the permit when `fn`'s result settles. Resolves to
   * `fn`'s result. The concurrency limiter of p-limit, with FIFO order and abort.
   *
   * A queued `fn` starts as soon as a permit frees up, synchronously inside the release (or
   * `addPermits`) that frees it, without waiting for another microtask. If it throws at once, its
   * permit goes to the next queued call in the same loop: however many are queued, the stack does not
   * grow. Throws `TypeError` at the call if `fn` is not a function.
   *
   * **Cancel safety:** as {@link Semaphore.acquire} while waiting; once `fn` runs, the signal is not
   * watched (pass it to `fn` yourself).
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(1);
   * const order: number[] = [];
   * await Promise.all([1, 2, 3].map((i) => sem.withPermit(async () => order.push(i))));
   * assert.deepEqual(order, [1, 2, 3]);
   * ```
   */
  withPermit<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<R> {
    checkFunction(fn, 'fn');
    const sem = this.#sem;
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    if (sem.isClosed) return Promise.reject(new ClosedError());
    if (sem.tryAcquire(1)) return this.#run(fn);
    const waiter = new RunWaiter<R>(fn);
    const promise = waiter.promise();
    sem.acquire(waiter, 1, signal);
    return promise;
  }

  #run<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    let result: R | PromiseLike<R>;
    try {
      result = fn();
    } catch (e) {
      this.#sem.release(1);
      return Promise.reject(e);
    }
    return whenSettled(result, this.#releaseOne, this.#releaseOneAndThrow) as Promise<R>;
  }

  /**
   * Adds `n` permits, waking waiters in order. Throws `RangeError` if the total would pass
   * {@link Semaphore.MAX_PERMITS}.
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(0);
   * const waiting = sem.acquire(2);
   * sem.addPermits(3);
   * assert.equal((await waiting).permits, 2);
   * assert.equal(sem.available, 1);
   * ```
   */
  addPermits(n: number): void {
    checkPermits(n, 'n');
    const sem = this.#sem;
    if (sem.total + n > MAX_PERMITS) {
      throw new RangeError(`adding ${n} permits would exceed Semaphore.MAX_PERMITS`);
    }
    sem.total += n;
    sem.release(n);
  }

  /**
   * Removes up to `n` free permits for good and returns how many were removed (tokio's
   * `forget_permits`).
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(3);
   * assert.equal(sem.forgetPermits(5), 3);
   * assert.equal(sem.available, 0);
   * ```
   */
  forgetPermits(n: number): number {
    checkPermits(n, 'n');
    const sem = this.#sem;
    const removed = sem.forget(n);
    sem.total -= removed;
    return removed;
  }

  /**
   * Closes the semaphore: every waiting `acquire` rejects with {@link ClosedError}, and so does every
   * later `acquire`/`tryAcquire`. Permits already held stay valid and can still be released.
   *
   * @example
   * ```ts
   * import { ClosedError, Semaphore } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(1);
   * sem.close();
   * assert.throws(() => sem.tryAcquire(), (e) => ClosedError.is(e));
   * ```
   */
  close(): void {
    this.#sem.close();
  }

  /**
   * An acquisition of `n` permits as a `select` branch (core's select protocol): it waits in the same
   * FIFO queue, and if the branch loses, its place and any permits assigned to it go to the next
   * waiter.
   *
   * **Cancel safety:** cancel safe. One branch may be raced by several selects at once: each waits in
   * its own place in the queue, and each grant of `n` permits serves one of them.
   *
   * @example
   * ```ts
   * import { Semaphore } from '@async/sync';
   * import { selectTry } from '@async/core/protocol';
   * import assert from 'node:assert/strict';
   *
   * const sem = new Semaphore(2);
   * const permit = sem.acquiring(2)[selectTry]()?.value;
   * assert.equal(permit?.permits, 2);
   * assert.equal(sem.acquiring()[selectTry](), undefined);
   * ```
   */
  acquiring(n = 1): Selectable<Permit> {
    checkPermits(n, 'n');
    return new SelectAcquire(this.#sem, n, this);
  }

  /** @internal */
  grant(n: number): Permit {
    return new Permit(this.#sem, n);
  }
}

/**
 * A queued `withPermit`: once granted, it runs `fn` itself and settles the caller's promise with
 * `fn`'s result, so a queued call costs one waiter and one promise (no intermediate promise to adopt).
 * `fn` runs inside the release that frees the permit; if it throws at once, the permit goes straight
 * back, and core's semaphore hands it on in the same loop (no recursion, however many are queued).
 */
class RunWaiter<R> extends PermitWaiter<R> {
  readonly fn: () => R | PromiseLike<R>;
  constructor(fn: () => R | PromiseLike<R>) {
    super();
    this.fn = fn;
  }
  granted(): void {
    const sem = this.semaphore!;
    let result: R | PromiseLike<R>;
    try {
      result = this.fn();
    } catch (e) {
      sem.release(1);
      this.reject(e);
      return;
    }
    whenSettled(
      result,
      (value) => {
        sem.release(1);
        this.resolve(value);
      },
      (e: unknown) => {
        sem.release(1);
        this.reject(e);
      },
    );
  }
  closed(): void {
    this.reject(new ClosedError());
  }
}
