/**
 * The FIFO waiter queue every waiting primitive of `@async` is built on.
 *
 * # Implementation notes
 *
 * The queue is intrusive: a waiter *is* its own list node (it extends {@link Waiter}), so pushing
 * allocates nothing and removing an aborted waiter from the middle is O(1), without a search.
 * The same object also carries the links of its signal's waiter table (see `abort-watch.ts`), so one
 * allocation per wait holds everything: the links, the resolver and the caller's state.
 *
 * Waiters are served strictly in arrival order. That is what keeps a writer from being starved by a
 * stream of readers, or a large semaphore request by small ones: nobody overtakes the head.
 */
export abstract class Waiter {
  /** @internal Previous waiter in the queue. */
  prev: Waiter | undefined = undefined;
  /** @internal Next waiter in the queue. */
  next: Waiter | undefined = undefined;
  /** @internal The queue this waiter is in, if any. */
  queue: WaitQueue<Waiter> | undefined = undefined;
  /** @internal The signal this waiter watches, if any (see `watchAbort`). */
  watchedSignal: AbortSignal | undefined = undefined;
  /** @internal Previous waiter on the same signal. */
  abortPrev: Waiter | undefined = undefined;
  /** @internal Next waiter on the same signal. */
  abortNext: Waiter | undefined = undefined;

  /**
   * Called once, synchronously, when the watched signal aborts while this waiter still watches it.
   * The waiter is no longer watching when this runs; it is still in its queue, if it was in one.
   */
  abstract onAbort(reason: unknown): void;
}

/** A FIFO queue of waiters with O(1) push, shift and removal of any member. */
export class WaitQueue<W extends Waiter> {
  private head: W | undefined = undefined;
  private tail: W | undefined = undefined;
  /** How many waiters are queued. */
  size = 0;

  /** Appends `waiter`, which must not be in a queue. */
  push(waiter: W): void {
    waiter.queue = this as WaitQueue<Waiter>;
    waiter.prev = this.tail;
    waiter.next = undefined;
    if (this.tail === undefined) this.head = waiter;
    else this.tail.next = waiter;
    this.tail = waiter;
    this.size++;
  }

  /** The oldest waiter, left in place. */
  peek(): W | undefined {
    return this.head;
  }

  /** The waiter queued right after `waiter`, which must be in this queue. */
  after(waiter: W): W | undefined {
    return waiter.next as W | undefined;
  }

  /** Removes and returns the oldest waiter. */
  shift(): W | undefined {
    const waiter = this.head;
    if (waiter !== undefined) this.remove(waiter);
    return waiter;
  }

  /** Removes `waiter` if it is in this queue; returns whether it was. */
  remove(waiter: W): boolean {
    if (waiter.queue !== (this as WaitQueue<Waiter>)) return false;
    const { prev, next } = waiter;
    if (prev === undefined) this.head = next as W | undefined;
    else prev.next = next;
    if (next === undefined) this.tail = prev as W | undefined;
    else next.prev = prev;
    waiter.prev = waiter.next = waiter.queue = undefined;
    this.size--;
    return true;
  }

  /** The waiters, oldest first. The current one may be removed while iterating. */
  *[Symbol.iterator](): IterableIterator<W> {
    for (let w = this.head; w !== undefined; ) {
      const next = w.next as W | undefined;
      yield w;
      w = next;
    }
  }
}
