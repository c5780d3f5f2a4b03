/**
 * The fair counting semaphore that Semaphore and RwLock are built on (internal; Mutex has a simpler
 * queue of its own, `lock-queue.ts`).
 *
 * # Implementation notes
 *
 * As tokio's `batch_semaphore.rs`: a count of free permits and a FIFO queue of waiters (core's
 * {@link WaitQueue}), each waiter asking for `needed` permits and holding the `assigned` ones it got so
 * far. Released permits always go to the head of the queue, even when they only partly fill it, so a
 * large request is never starved by small ones. That keeps one invariant: **while anyone waits, no
 * permit is free** (`permits === 0`). So the fast path is a single comparison, `permits >= n`, and a
 * later caller can never barge past a waiter.
 *
 * A waiter that leaves early (its signal aborts, its `select` branch loses) gives its assigned permits
 * back through {@link BatchSemaphore.release}, which hands them to the next waiter: a permit is never
 * lost, whatever order grants and aborts happen in.
 */
import {
  abortPending,
  type Selectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { ClosedError } from './errors';
import { pending } from './pending';

/** The largest permit count a semaphore may hold (tokio's `MAX_PERMITS`, scaled to safe integers). */
export const MAX_PERMITS = Number.MAX_SAFE_INTEGER;

/** Builds what a complete grant of `n` permits resolves to: a permit, a guard. */
export interface Grantor<R> {
  grant(n: number): R;
}

/** A queued request for permits. */
export abstract class PermitWaiter extends Waiter {
  /** Permits this waiter asks for. */
  needed = 0;
  /** Permits handed to it so far (only the head of the queue can hold some). */
  assigned = 0;
  sem: BatchSemaphore;
  constructor(sem: BatchSemaphore) {
    super();
    this.sem = sem;
  }
  /** All `needed` permits are assigned; the waiter is out of the queue and no longer watches its signal. */
  abstract granted(): void;
  /** The semaphore closed; the waiter is out of the queue, its permits returned. */
  abstract closed(): void;
}

function noop(): void {}

/**
 * The waiter of an `await`ed acquire: settles a promise. Once settled, nothing refers to it any more
 * (it left the queue and its signal's table), so it goes back to a small pool and serves a later wait:
 * a contended lock then allocates no waiter at all.
 */
class PromiseWaiter<R> extends PermitWaiter {
  resolve: (value: R) => void = noop;
  reject: (reason: unknown) => void = noop;
  grantor: Grantor<R> | undefined = undefined;
  granted(): void {
    const resolve = this.resolve;
    const value = this.grantor!.grant(this.needed);
    this.recycle();
    resolve(value);
  }
  closed(): void {
    const reject = this.reject;
    this.recycle();
    reject(new ClosedError());
  }
  onAbort(reason: unknown): void {
    this.sem.leave(this);
    const reject = this.reject;
    this.recycle();
    reject(reason);
  }
  private recycle(): void {
    this.resolve = this.reject = noop;
    this.grantor = undefined;
    if (pool.length < POOL_SIZE) pool.push(this as PromiseWaiter<unknown>);
  }
}

const POOL_SIZE = 64;
const pool: PromiseWaiter<unknown>[] = [];

export class BatchSemaphore {
  /** Free permits, assigned to nobody. Zero while anyone waits. */
  permits: number;
  /** Every permit the semaphore owns: free, held, or assigned to a waiter. */
  total: number;
  closed = false;
  readonly queue = new WaitQueue<PermitWaiter>();

  constructor(permits: number) {
    this.permits = permits;
    this.total = permits;
  }

  /** Queues a request for `n` permits; the caller checked `closed`, `signal.aborted` and the fast path. */
  wait<R>(n: number, grantor: Grantor<R>, signal: AbortSignal | undefined): Promise<R> {
    const waiter = (pool.pop() as PromiseWaiter<R> | undefined) ?? new PromiseWaiter<R>(this);
    waiter.sem = this;
    waiter.grantor = grantor;
    const promise = pending<R>(waiter);
    this.enqueue(waiter, n);
    if (signal !== undefined) watchAbort(waiter, signal);
    return promise;
  }

  /** Puts `waiter` at the tail, handing it whatever permits are free (fewer than `n`). */
  enqueue(waiter: PermitWaiter, n: number): void {
    waiter.needed = n;
    waiter.assigned = this.permits;
    this.permits = 0;
    this.queue.push(waiter);
  }

  /** Gives `n` permits back: to the head waiters first, in order, the rest to the free count. */
  release(n: number): void {
    let left = n;
    let waiter = this.queue.peek();
    while (waiter !== undefined) {
      if (abortPending(waiter)) {
        // Its signal is aborting right now and its `onAbort` is still to come (one signal shared by
        // several waiters): it is leaving, so the permits go past it.
        waiter = this.queue.after(waiter);
        continue;
      }
      const wanted = waiter.needed - waiter.assigned;
      if (left < wanted) {
        waiter.assigned += left;
        return;
      }
      left -= wanted;
      waiter.assigned = waiter.needed;
      const next = this.queue.after(waiter);
      this.queue.remove(waiter);
      unwatchAbort(waiter);
      waiter.granted();
      if (left === 0) return;
      waiter = next !== undefined && this.queue.has(next) ? next : this.queue.peek();
    }
    this.permits += left;
  }

  /** Removes a waiter that gives up, handing its assigned permits on. Harmless if it is not queued. */
  leave(waiter: PermitWaiter): void {
    if (!this.queue.remove(waiter)) return;
    unwatchAbort(waiter);
    const assigned = waiter.assigned;
    waiter.assigned = 0;
    if (assigned > 0) this.release(assigned);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let waiter = this.queue.shift(); waiter !== undefined; waiter = this.queue.shift()) {
      unwatchAbort(waiter);
      this.permits += waiter.assigned;
      waiter.assigned = 0;
      waiter.closed();
    }
  }
}

/** The waiter of a `select` branch: holds its grant until `select` takes it, or gives it back. */
class SelectWaiter extends PermitWaiter {
  wake: (() => void) | undefined = undefined;
  done = false;
  failed = false;
  granted(): void {
    this.done = true;
    this.wakeUp();
  }
  closed(): void {
    this.failed = true;
    this.wakeUp();
  }
  onAbort(): void {}
  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * A request for permits that `select` can race (core's select protocol): it takes its place in the
 * queue while `select` waits, and when it loses, its place and any permits assigned to it go to the next
 * waiter, so nothing is lost.
 */
export class SelectAcquire<R> implements Selectable<R> {
  private readonly sem: BatchSemaphore;
  private readonly n: number;
  private readonly grantor: Grantor<R>;
  private waiter: SelectWaiter | undefined = undefined;

  constructor(sem: BatchSemaphore, n: number, grantor: Grantor<R>) {
    this.sem = sem;
    this.n = n;
    this.grantor = grantor;
  }

  [selectTry](): { value: R } | undefined {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      if (waiter.failed) {
        this.waiter = undefined;
        throw new ClosedError();
      }
      if (!waiter.done) return undefined;
      this.waiter = undefined;
      return { value: this.grantor.grant(this.n) };
    }
    const sem = this.sem;
    if (sem.closed) throw new ClosedError();
    if (sem.permits < this.n) return undefined;
    sem.permits -= this.n;
    return { value: this.grantor.grant(this.n) };
  }

  [selectWait](wake: () => void): () => void {
    let waiter = this.waiter;
    if (waiter === undefined) {
      waiter = this.waiter = new SelectWaiter(this.sem);
      if (this.sem.closed) waiter.failed = true;
      else this.sem.enqueue(waiter, this.n);
    }
    if (waiter.done || waiter.failed) wake();
    else waiter.wake = wake;
    const registered = waiter;
    return () => this.unregister(registered);
  }

  private unregister(waiter: SelectWaiter): void {
    if (this.waiter !== waiter) return;
    this.waiter = undefined;
    waiter.wake = undefined;
    if (waiter.done) this.sem.release(this.n);
    else this.sem.leave(waiter);
  }
}

/** Checks a permit count given by a caller, naming the parameter. */
export function checkPermits(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PERMITS) {
    throw new RangeError(`${name} must be an integer from 0 to ${MAX_PERMITS}, got ${String(n)}`);
  }
}
