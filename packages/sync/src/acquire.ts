/**
 * Taking permits from core's {@link BatchSemaphore} on behalf of a primitive of this package (internal):
 * an awaited acquisition, and one raced in `select`. What a complete grant resolves to (a permit, a
 * guard) is the primitive's {@link Grantor}.
 */
import type { Selectable } from '@async/core';
import {
  type BatchSemaphore,
  checkInteger,
  implementSelectable,
  PermitWaiter,
  selectTry,
  selectWait,
} from '@async/core/protocol';
import { ClosedError } from './errors';

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
    this.reject(new ClosedError());
    this.recycle();
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
  // Without a signal only a close can fail the wait: one settle function to store (see core's reason).
  const promise = signal === undefined ? waiter.promiseResolveOnly() : waiter.promise();
  sem.acquire(waiter, n, signal);
  return promise;
}

const WAITING = 0; // in the queue
const GRANTED = 1; // its permits were assigned; they count in its branch's `untaken` until taken or given back
const ENDED = 2; // the semaphore closed on it, or it was unregistered

/**
 * One registration of a `select` branch: a waiter of its own in the queue, with its own wake, so that
 * a branch raced by several selects at once keeps a place for each of them.
 */
class SelectWaiter extends PermitWaiter {
  readonly branch: SelectAcquire<unknown>;
  wake: (() => void) | undefined = undefined;
  state = WAITING;
  constructor(branch: SelectAcquire<unknown>) {
    super();
    this.branch = branch;
  }
  granted(): void {
    this.state = GRANTED;
    this.branch.untaken++;
    this.wakeUp();
  }
  closed(): void {
    this.state = ENDED;
    this.wakeUp(); // its select's try throws `ClosedError`
  }
  override onAbort(): void {} // it watches no signal: select itself is aborted, and unregisters it
  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * A request for permits that `select` can race (core's select protocol): each registration takes its
 * own place in the queue while its `select` waits, and when it loses, its place and any permits
 * assigned to it go to the next waiter, so nothing is lost.
 *
 * The grants of its registrations are interchangeable (each is `n` permits of one semaphore), so the
 * branch counts them instead of tracking whose is whose: a try takes any untaken grant, and a granted
 * registration that leaves gives one back only if one is still untaken (another select's try may have
 * taken its grant already).
 */
export class SelectAcquire<R> implements Selectable<R> {
  private readonly sem: BatchSemaphore;
  private readonly n: number;
  private readonly grantor: Grantor<R>;
  /** Grants assigned to its registrations that no try has taken yet. */
  untaken = 0;

  constructor(sem: BatchSemaphore, n: number, grantor: Grantor<R>) {
    this.sem = sem;
    this.n = n;
    this.grantor = grantor;
  }

  declare [selectTry]: () => { value: R } | undefined;
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.untaken > 0) {
        this.untaken--;
        return { value: this.grantor.grant(this.n) };
      }
      if (this.sem.isClosed) throw new ClosedError();
      return this.sem.tryAcquire(this.n) ? { value: this.grantor.grant(this.n) } : undefined;
    },
    wait(wake) {
      const waiter = new SelectWaiter(this as SelectAcquire<unknown>);
      this.sem.acquire(waiter, this.n); // may grant (or fail) at once
      if (waiter.state === WAITING) waiter.wake = wake;
      else wake();
      return () => this.unregister(waiter);
    },
  });

  private unregister(waiter: SelectWaiter): void {
    const state = waiter.state;
    waiter.state = ENDED;
    waiter.wake = undefined;
    if (state === WAITING) this.sem.leave(waiter);
    else if (state === GRANTED && this.untaken > 0) {
      this.untaken--;
      this.sem.release(this.n);
    }
  }
}
