/**
 * The permit mechanism that every bounded primitive of `@async` is built on: a semaphore's permits, a
 * read-write lock's readers, a bounded channel's free slots.
 *
 * # Implementation notes
 *
 * As tokio's `batch_semaphore`: a count of free permits and a FIFO queue of waiters (a
 * {@link WaitQueue}), each waiter asking for `needed` permits and holding the `assigned` ones it got so
 * far. Released permits always go to the head of the queue, even when they only partly fill it, so a
 * large request is never starved by small ones (a writer by readers, a `reserveMany(8)` by single
 * sends). That keeps one invariant: **while anyone waits, no permit is free**. So the fast path is one
 * comparison, `available >= n`, and a later caller can never barge past a waiter.
 *
 * A waiter that leaves early (its signal aborts, its `select` branch loses) is unlinked in O(1) and
 * gives back the permits it had partly been assigned, which go on to the next waiters: a permit is
 * never lost, whatever order grants and aborts happen in. A waiter whose signal is aborting while its
 * `onAbort` is still to come (one signal shared by several waiters, told one after the other) is
 * passed by: an aborted wait never completes.
 *
 * Hand-off is iterative. A waiter's `granted()` may run user code at once (a `withPermit` function, a
 * channel's send) which releases permits again, synchronously, maybe thousands of times in a row when
 * each call throws. A `release` made while a hand-off is under way only adds to a count owed, which
 * the running hand-off loop gives out before it returns; the stack never grows with the queue.
 *
 * The loop has no `try/finally` (it cost about a quarter of a contended hand-off on Node 20): hooks
 * must not throw, and a `try/catch` around the one call into a hook only recovers from one that does
 * anyway, so that a broken waiter cannot strand the permits of the others (see `#recover`).
 */
import { abortPending, unwatchAbort, watchAbort } from './abort-watch';
import { PromiseWaiter } from './promise-waiter';
import { WaitQueue } from './wait-queue';

/**
 * A queued request for permits of a {@link BatchSemaphore}. Subclasses say what a grant and a close
 * mean to them; the default `onAbort` leaves the queue (handing on the permits assigned so far) and
 * rejects with the signal's reason. A waiter whose caller awaits a promise settles it through
 * `resolve`/`reject` (see {@link PromiseWaiter}); a waiter of a `select` branch just never creates one.
 */
export abstract class PermitWaiter<T = unknown> extends PromiseWaiter<T> {
  /** Permits this waiter asks for. Set by {@link BatchSemaphore.acquire}; read-only to others. */
  needed = 0;
  /** Permits handed to it so far (only a waiter at the head holds some). Read-only outside core. */
  assigned = 0;
  /** The semaphore this waiter asked, once it has. */
  semaphore: BatchSemaphore | undefined = undefined;

  /**
   * All `needed` permits are assigned to it: it is out of the queue and no longer watches its signal.
   * The permits are the waiter's now (its owner gives them back with `release`).
   *
   * Must not throw: it runs inside the semaphore's hand-off, and code it runs (a user's function, a
   * `select`'s wake) must be wrapped so that its errors go to the waiter's caller. Should it throw
   * anyway, the hand-off stops, the permits not yet handed out go on to the next waiters, and the
   * error propagates out of the `release` (or `acquire`) that granted it.
   */
  abstract granted(): void;

  /**
   * The semaphore was closed while it waited: it is out of the queue, its assigned permits went back.
   * Must not throw: {@link BatchSemaphore.close} calls it for each waiter in turn (should it throw
   * anyway, the others are still told, and `close` rethrows the first error after them).
   */
  abstract closed(): void;

  /** Leaves the queue, handing on the permits assigned so far, and rejects with `reason`. */
  onAbort(reason: unknown): void {
    this.semaphore?.leave(this);
    this.reject(reason);
  }
}

/**
 * A permit waiter of any kind: what the semaphore sees of it does not depend on what it resolves to.
 * Its declaration ships, as the type of the semaphore's parameters.
 * @hidden
 */
type AnyPermitWaiter = PermitWaiter<any>;

/**
 * A fair counting semaphore with batch requests (tokio's `batch_semaphore`), for implementers of
 * bounded primitives: permits are taken with {@link BatchSemaphore.tryAcquire} (no waiting) or
 * {@link BatchSemaphore.acquire} (a {@link PermitWaiter} that may wait), and given back with
 * {@link BatchSemaphore.release}.
 *
 * @example
 * ```ts
 * import { BatchSemaphore, PermitWaiter } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * class Request extends PermitWaiter<number> {
 *   granted(): void {
 *     this.resolve(this.needed);
 *   }
 *   closed(): void {
 *     this.reject(new Error('closed'));
 *   }
 * }
 * const sem = new BatchSemaphore(2);
 * assert.ok(sem.tryAcquire(2));
 * const request = new Request();
 * const three = request.promise();
 * sem.acquire(request, 3); // queued
 * sem.release(2); // partly assigned: it keeps its place
 * assert.equal(request.assigned, 2);
 * sem.release(1);
 * assert.equal(await three, 3);
 * assert.equal(sem.available, 0);
 * ```
 */
export class BatchSemaphore {
  #permits: number;
  #closed = false;
  /** Permits released during a hand-off, which the running hand-off loop gives out next. */
  #owed = 0;
  #handingOff = false;
  readonly #queue = new WaitQueue<AnyPermitWaiter>();

  /** A semaphore with `permits` free permits (a non-negative integer; the caller checks it). */
  constructor(permits: number) {
    this.#permits = permits;
  }

  /** Free permits, assigned to nobody. 0 while anyone waits. */
  get available(): number {
    return this.#permits;
  }

  /** How many waiters are queued. */
  get waiting(): number {
    return this.#queue.size;
  }

  /** Whether {@link BatchSemaphore.close} was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** Takes `n` permits if they are free (so nobody waits) and the semaphore is open; returns whether it did. */
  tryAcquire(n: number): boolean {
    if (this.#closed || this.#permits < n) return false;
    this.#permits -= n;
    return true;
  }

  /**
   * Asks for `n` permits on behalf of `waiter`, which must not be queued. If they are free, the waiter
   * gets them at once (`granted()` runs before this returns); if the semaphore is closed, `closed()`
   * runs; if `signal` is aborted, `onAbort` runs. Otherwise the waiter takes what is free, keeps its
   * place at the tail, and watches `signal` until it is granted or leaves.
   */
  acquire(waiter: AnyPermitWaiter, n: number, signal?: AbortSignal): void {
    waiter.semaphore = this;
    waiter.needed = n;
    waiter.assigned = 0;
    if (this.#closed) {
      waiter.closed();
    } else if (signal?.aborted) {
      waiter.onAbort(signal.reason);
    } else if (this.#permits >= n) {
      // Nobody waits, or only waiters that are leaving: nobody to overtake.
      this.#permits -= n;
      waiter.assigned = n;
      waiter.granted();
    } else {
      waiter.assigned = this.#permits;
      this.#permits = 0;
      this.#queue.push(waiter);
      if (signal !== undefined) watchAbort(waiter, signal);
    }
  }

  /**
   * Gives `n` permits back: to the waiters at the head first, in order, the rest to the free count.
   * After {@link BatchSemaphore.close} they all go to the free count. Never recursive: a `release`
   * from inside a waiter's `granted()` is handed out by the loop already running.
   */
  release(n: number): void {
    if (this.#queue.size === 0) {
      // Nobody to hand them to (an uncontended release, or the end of a hand-off loop's work).
      this.#permits += n;
      return;
    }
    if (this.#handingOff) {
      this.#owed += n;
      return;
    }
    this.#handingOff = true;
    let left = n;
    for (;;) {
      // Computed before it is added: a release inside `#assign` may add to the free count itself.
      const untaken = this.#closed ? left : this.#assign(left);
      this.#permits += untaken;
      left = this.#owed;
      if (left === 0) break;
      this.#owed = 0;
    }
    this.#handingOff = false;
  }

  /** Assigns up to `left` permits to the queue, head first; returns those nobody took. */
  #assign(left: number): number {
    const queue = this.#queue;
    let waiter = queue.peek();
    while (waiter !== undefined && left > 0) {
      if (abortPending(waiter)) {
        waiter = queue.after(waiter);
        continue;
      }
      const wanted = waiter.needed - waiter.assigned;
      if (left < wanted) {
        waiter.assigned += left;
        return 0;
      }
      left -= wanted;
      waiter.assigned = waiter.needed;
      queue.remove(waiter);
      unwatchAbort(waiter);
      try {
        waiter.granted();
      } catch (error) {
        this.#recover(left);
        throw error;
      }
      // From the head again: `granted()` may have run code that made waiters leave (and a pooled
      // waiter come back at the tail); the head is the next waiter unless leaving ones were passed by.
      waiter = queue.peek();
    }
    return left;
  }

  /**
   * A waiter's `granted()` threw, against its contract, with `left` permits of the hand-off still to
   * give: the hand-off ends, and those permits and the ones owed to it go on to the next waiters, so
   * that later releases are handed out again instead of being owed to a loop that no longer runs. If
   * another hook throws on the way, the first error is the one the caller sees.
   */
  #recover(left: number): void {
    const rest = left + this.#owed;
    this.#owed = 0;
    this.#handingOff = false;
    if (rest === 0) return;
    try {
      this.release(rest);
    } catch {
      // Already recovered from by the inner release; the caller gets the first error.
    }
  }

  /**
   * Takes `waiter` out of the queue before its grant, handing on the permits assigned to it so far.
   * O(1). Returns whether it was queued; harmless if it was not.
   */
  leave(waiter: AnyPermitWaiter): boolean {
    if (!this.#queue.remove(waiter)) return false;
    unwatchAbort(waiter);
    const assigned = waiter.assigned;
    waiter.assigned = 0;
    if (assigned > 0) this.release(assigned);
    return true;
  }

  /** Removes up to `n` free permits for good; returns how many it removed. */
  forget(n: number): number {
    const removed = Math.min(n, this.#permits);
    this.#permits -= removed;
    return removed;
  }

  /**
   * Closes the semaphore: every queued waiter leaves, its assigned permits return to the free count,
   * and its `closed()` runs, oldest first. Later `acquire` calls get `closed()` at once and
   * `tryAcquire` fails; permits held stay valid and can be released. Idempotent.
   *
   * A `closed()` that throws, against its contract, does not keep the waiters after it from being
   * told: the first error is rethrown once every waiter was.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const queue = this.#queue;
    let failure: { error: unknown } | undefined;
    for (let waiter = queue.shift(); waiter !== undefined; waiter = queue.shift()) {
      unwatchAbort(waiter);
      this.#permits += waiter.assigned;
      waiter.assigned = 0;
      try {
        waiter.closed();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}
