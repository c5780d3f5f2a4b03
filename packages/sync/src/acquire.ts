/**
 * Taking permits from core's {@link BatchSemaphore} on behalf of a primitive of this package (internal):
 * an awaited acquisition, and one raced in `select`. What a complete grant resolves to (a permit, a
 * guard) is the primitive's {@link Grantor}.
 */
import { type BatchSemaphore, PermitWaiter, type Selectable, selectTry, selectWait } from '@async/core';
import { ClosedError } from './errors';
import { checkInteger } from './validate';

/** The largest permit count a semaphore may hold (tokio's `MAX_PERMITS`, scaled to safe integers). */
export const MAX_PERMITS = Number.MAX_SAFE_INTEGER;

/** Checks a permit count given by a caller, naming the parameter. */
export function checkPermits(n: unknown, name: string): void {
  checkInteger(n, name, 0, MAX_PERMITS);
}

/** Builds what a complete grant of `n` permits resolves to: a permit, a guard. */
export interface Grantor<R> {
  grant(n: number): R;
}

/**
 * The waiter of an awaited acquisition: settles its promise with the grantor's value. Once settled,
 * nothing refers to it any more (it left the queue and its signal's table), so it goes back to a small
 * pool and serves a later wait: a contended lock then allocates no waiter at all.
 */
class GrantWaiter<R> extends PermitWaiter<R> {
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
  override onAbort(reason: unknown): void {
    super.onAbort(reason);
    this.recycle();
  }
  private recycle(): void {
    this.grantor = undefined;
    if (pool.length < POOL_SIZE) pool.push(this as GrantWaiter<unknown>);
  }
}

const POOL_SIZE = 64;
const pool: GrantWaiter<unknown>[] = [];

/**
 * Waits for `n` permits of `sem` and resolves to `grantor.grant(n)`. The caller has tried the fast
 * path; an already aborted `signal` or a closed semaphore settles the promise at once.
 */
export function acquireWaiting<R>(
  sem: BatchSemaphore,
  n: number,
  grantor: Grantor<R>,
  signal: AbortSignal | undefined,
): Promise<R> {
  const waiter = (pool.pop() as GrantWaiter<R> | undefined) ?? new GrantWaiter<R>();
  waiter.grantor = grantor;
  const promise = waiter.promise();
  sem.acquire(waiter, n, signal);
  return promise;
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
  override onAbort(): void {} // it watches no signal: select itself is aborted, and unregisters it
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
    if (this.sem.isClosed) throw new ClosedError();
    return this.sem.tryAcquire(this.n) ? { value: this.grantor.grant(this.n) } : undefined;
  }

  [selectWait](wake: () => void): () => void {
    let waiter = this.waiter;
    if (waiter === undefined) {
      waiter = this.waiter = new SelectWaiter();
      this.sem.acquire(waiter, this.n);
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
