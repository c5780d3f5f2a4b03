import type { Waiter } from './wait-queue';

/**
 * A FIFO of plain values, for queues whose entries are not {@link Waiter}s (finished tasks, resolve
 * functions): O(1) `push` and `shift`, no allocation per entry.
 *
 * # Implementation notes
 *
 * An array read from a moving head. `Array.prototype.shift` moves every remaining element; here the
 * consumed front is dropped in one copy once it is at least 1,024 slots and half the array, so a queue
 * that never empties (steady contention) holds at most about twice its live length, and each entry is
 * copied O(1) times on average.
 *
 * @example
 * ```ts
 * import { ArrayQueue } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * const q = new ArrayQueue<string>();
 * q.push('a');
 * q.push('b');
 * assert.equal(q.shift(), 'a');
 * assert.equal(q.length, 1);
 * ```
 */
export class ArrayQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  /** Entries queued. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Array slots held, the consumed front included: what the queue costs in memory. */
  get slots(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the oldest entry. */
  shift(): T | undefined {
    const items = this.items;
    if (this.head === items.length) return undefined;
    const item = items[this.head]!;
    items[this.head++] = undefined;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head >= TRIM_MIN && this.head * 2 >= items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return item as T;
  }

  /** Keeps only the entries `keep` accepts, in order. O(length). */
  retain(keep: (item: T) => boolean): void {
    this.items = (this.items.slice(this.head) as T[]).filter(keep);
    this.head = 0;
  }
}

/** Smallest consumed front worth copying the array for. */
const TRIM_MIN = 1024;
