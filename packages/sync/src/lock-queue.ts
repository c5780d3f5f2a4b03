/**
 * The FIFO queue of a `Mutex` (internal): who gets the lock next.
 *
 * # Implementation notes
 *
 * A mutex is handed over one waiter at a time and nobody ever gets part of it, so its queue does not
 * need the batch semaphore's bookkeeping. It is core's `ArrayQueue`, and most entries are not objects
 * of ours at all: a plain `lock()` queues the resolve function of its promise, and
 * handing it the lock is one call. Only a waiter that may leave before its turn (one with a signal, or
 * a `select` branch) is an object, a core {@link Waiter} so that its signal is watched the shared way.
 *
 * Leaving is O(1): the waiter is marked and skipped when its turn comes. So that marked entries never
 * outnumber waiting ones, the array is compacted when they do (amortised O(1) per wait). A waiter
 * whose signal is aborting while its `onAbort` is still to come (one signal shared by several
 * waiters) is skipped as well: it is leaving, and the lock goes past it.
 */
import {
  ArrayQueue,
  abortPending,
  type Selectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  watchAbort,
} from '@async/core/protocol';
import { pending } from './pending';

/** The lock a queue serves, as its queue and its `select` branches see it. */
export interface Lockable<R> {
  /** Held, or being handed to a waiter: `false` only when free and nobody waits. */
  held: boolean;
  readonly waiters: LockQueue<R>;
  /** A fresh guard, for whoever gets the lock. */
  grant(): R;
  /** Hands the lock to the oldest waiter still waiting, or frees it. */
  unlock(): void;
}

/** A queued waiter that may leave before its turn. */
export abstract class LeavingWaiter<R> extends Waiter {
  /** No longer waiting: its turn came, it left, or its turn was skipped because it was leaving. */
  gone = false;
  readonly owner: LockQueue<R>;
  constructor(owner: LockQueue<R>) {
    super();
    this.owner = owner;
  }
  /** Its turn came: it holds the lock, as `value`. */
  abstract take(value: R): void;
}

type Entry<R> = ((value: R) => void) | LeavingWaiter<R>;

/** Smallest number of marked entries worth a compaction. */
const COMPACT_MIN = 32;

export class LockQueue<R> {
  private readonly items = new ArrayQueue<Entry<R>>();
  /** Entries still in `items` whose waiter left. */
  private gone = 0;

  /**
   * Array slots the queue holds, consumed, waiting or gone: what it costs in memory. It stays within a
   * small multiple of the waiters still waiting (plus a few thousand slots).
   */
  get slots(): number {
    return this.items.slots;
  }

  /** Queues a plain wait, which no signal can end. */
  wait(): Promise<R> {
    // An executor closure per wait: measured faster here than the shared executor of `pending()`,
    // whose settle functions take a detour through a scratch object.
    return new Promise<R>((resolve) => this.items.push(resolve));
  }

  /** Queues a wait that `signal` (not aborted yet) ends: it rejects with the reason and leaves. */
  waitUntilAborted(signal: AbortSignal): Promise<R> {
    const waiter = new AbortableWaiter<R>(this);
    const promise = pending<R>(waiter);
    this.push(waiter);
    watchAbort(waiter, signal);
    return promise;
  }

  /** Queues a waiter of its own kind (a `select` branch's), which may leave before its turn. */
  push(waiter: LeavingWaiter<R>): void {
    this.items.push(waiter);
  }

  /** Gives a fresh `lock.grant()` to the oldest waiter still waiting; `false` if there is none. */
  grantNext(lock: Lockable<R>): boolean {
    for (let entry = this.items.shift(); entry !== undefined; entry = this.items.shift()) {
      if (typeof entry === 'function') {
        entry(lock.grant());
        return true;
      }
      if (entry.gone) {
        this.gone--;
        continue;
      }
      if (abortPending(entry)) {
        entry.gone = true; // leaving: its onAbort is still to come, and must not count it again
        continue;
      }
      unwatchAbort(entry);
      entry.gone = true;
      entry.take(lock.grant());
      return true;
    }
    return false;
  }

  /** Takes `waiter` out of the queue before its turn; harmless if it is out already. */
  leave(waiter: LeavingWaiter<R>): void {
    if (waiter.gone) return;
    waiter.gone = true;
    unwatchAbort(waiter);
    if (++this.gone >= COMPACT_MIN && this.gone * 2 > this.items.length) {
      this.items.retain((e) => typeof e === 'function' || !e.gone);
      this.gone = 0;
    }
  }
}

/** The waiter of `lock({ signal })`: settles its promise. */
class AbortableWaiter<R> extends LeavingWaiter<R> {
  resolve: (value: R) => void = noop;
  reject: (reason: unknown) => void = noop;
  take(value: R): void {
    this.resolve(value);
  }
  onAbort(reason: unknown): void {
    this.owner.leave(this);
    this.reject(reason);
  }
}

/**
 * A lock as a `select` branch (core's select protocol): it waits in the same queue, and if the branch
 * loses, it leaves without taking the lock, or hands it straight on if its turn had come.
 */
export class SelectLock<R> implements Selectable<R> {
  private readonly lock: Lockable<R>;
  private waiter: SelectWaiter<R> | undefined = undefined;

  constructor(lock: Lockable<R>) {
    this.lock = lock;
  }

  [selectTry](): { value: R } | undefined {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      if (!waiter.holds) return undefined;
      this.waiter = undefined;
      return { value: waiter.value! };
    }
    if (this.lock.held) return undefined;
    this.lock.held = true;
    return { value: this.lock.grant() };
  }

  [selectWait](wake: () => void): () => void {
    let waiter = this.waiter;
    if (waiter === undefined) {
      waiter = this.waiter = new SelectWaiter<R>(this.lock.waiters);
      this.lock.waiters.push(waiter);
    }
    if (waiter.holds) wake();
    else waiter.wake = wake;
    const registered = waiter;
    return () => this.unregister(registered);
  }

  private unregister(waiter: SelectWaiter<R>): void {
    if (this.waiter !== waiter) return;
    this.waiter = undefined;
    waiter.wake = undefined;
    // If its turn came but select chose another branch, the lock goes straight to the next waiter.
    if (waiter.holds) this.lock.unlock();
    else this.lock.waiters.leave(waiter);
  }
}

/** The waiter of a `select` branch: holds the lock once its turn comes, until `select` takes it. */
class SelectWaiter<R> extends LeavingWaiter<R> {
  wake: (() => void) | undefined = undefined;
  holds = false;
  value: R | undefined = undefined;
  take(value: R): void {
    this.value = value;
    this.holds = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
  onAbort(): void {} // it watches no signal: select itself is aborted, and unregisters it
}

function noop(): void {}
