import type { Selectable, WaitOptions } from '@async/core';
import { implementSelectable, selectTry, selectWait, watchAbort } from '@async/core/protocol';
import { DISCONNECTED, DONE, EMPTY, RESOLVED, type TryRecvResult } from '../shared';
import { checkCount, signalOf } from '../validate';
import { type Chan, RecvWaiter } from './chan';

/**
 * The receiving half of an mpsc channel. Awaitable one message at a time ({@link recv}), in batches
 * ({@link recvMany}), with `for await`, or as a branch of core's `select`.
 *
 * `undefined` marks the end of the channel: don't send `undefined` as a message (send `null`).
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import { select } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<string>(4);
 * const [, idle] = mpsc.channel<string>(4);
 * await tx.send('work');
 * const r = await select({ rx, idle }); // the losing branch consumes nothing
 * assert.deepEqual(r, { key: 'rx', value: 'work' });
 * ```
 */
export class Receiver<T extends {} | null> implements Selectable<T | undefined>, AsyncIterable<T> {
  #chan: Chan<T>;
  /** @internal */
  constructor(chan: Chan<T>) {
    this.#chan = chan;
  }

  /**
   * Receives the next message, waiting for one if the buffer is empty.
   *
   * Resolves with `undefined` once every sender is closed (or this receiver is) and the buffer is
   * drained, never before. Rejects with `signal.reason` when aborted.
   *
   * **Cancel safety:** safe. An aborted `recv` has taken nothing; as a `select` branch, the receiver
   * itself is the cancel-safe form.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<string>(8);
   * await tx.send('hello');
   * tx.close();
   * assert.equal(await rx.recv(), 'hello');
   * assert.equal(await rx.recv(), undefined);
   * ```
   */
  recv(options?: WaitOptions): Promise<T | undefined> {
    const chan = this.#chan;
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (chan.len > 0) {
      const value = chan.bufShift();
      chan.releaseSlot();
      return Promise.resolve(value);
    }
    if (chan.isDisconnected()) return RESOLVED;
    let w = chan.spareRecv;
    if (w === undefined) w = new RecvWaiter(chan.rxWaiters, 0, undefined);
    else chan.spareRecv = undefined;
    // Without a signal nothing can fail it: one settle function to store (see core's reason).
    const promise = signal === undefined ? w.promiseResolveOnly() : w.promise();
    chan.rxWaiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /**
   * Receives up to `limit` messages at once, waiting for at least one. Resolves with `[]` when
   * `limit` is 0, or once the channel is closed and drained. Throws a `RangeError` (`TypeError` for a
   * non-number) if `limit` is not an integer >= 0.
   *
   * **Cancel safety:** safe, as {@link recv}.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(8);
   * for (const n of [1, 2, 3]) await tx.send(n);
   * assert.deepEqual(await rx.recvMany(2), [1, 2]);
   * assert.deepEqual(await rx.recvMany(2), [3]);
   * ```
   */
  recvMany(limit: number, options?: WaitOptions): Promise<T[]> {
    checkCount(limit, 'limit');
    const chan = this.#chan;
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (limit === 0) return Promise.resolve([]);
    if (chan.len > 0) return Promise.resolve(chan.take(limit));
    if (chan.isDisconnected()) return Promise.resolve([]);
    const w = new RecvWaiter(chan.rxWaiters, limit, undefined);
    const promise: Promise<T[]> = w.promise();
    chan.rxWaiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /**
   * Receives a message if one is buffered, without waiting: `{ ok: true, value }`, or `{ ok: false,
   * reason }` with `'empty'` (more may come) or `'disconnected'` (closed and drained).
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(2);
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'empty' });
   * await tx.send(7);
   * tx.close();
   * assert.deepEqual(rx.tryRecv(), { ok: true, value: 7 });
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'disconnected' });
   * ```
   */
  tryRecv(): TryRecvResult<T> {
    const chan = this.#chan;
    if (chan.len > 0) {
      const value = chan.bufShift();
      chan.releaseSlot();
      return { ok: true, value };
    }
    return chan.isDisconnected() ? DISCONNECTED : EMPTY;
  }

  /**
   * Closes the receiving side: sends and reserves fail from now on (waiting ones reject with the
   * value), `closed()` of the senders resolves, and already buffered messages, and those of permits
   * issued before, are still delivered. Idempotent.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(2);
   * await tx.send(1);
   * rx.close();
   * assert.equal(tx.trySend(2), 'closed');
   * assert.equal(await rx.recv(), 1);
   * assert.equal(await rx.recv(), undefined);
   * ```
   */
  close(): void {
    this.#chan.closeRx();
  }

  /** Closes the receiver and drops the buffered messages (Rust's drop of the receiver). */
  [Symbol.dispose](): void {
    const chan = this.#chan;
    chan.closeRx();
    chan.rxDropped = true;
    const n = chan.len;
    while (chan.len > 0) chan.bufShift();
    chan.releaseSlots(n);
    if (chan.rxWaiters.size > 0) chan.wakeReceivers();
  }

  /**
   * Whether no more messages can be sent: the receiver is closed, or every sender is closed and no
   * permit or waiting send of theirs can still send one (as tokio: not closed while permits are out).
   */
  isClosed(): boolean {
    const chan = this.#chan;
    return (
      chan.rxClosed ||
      (chan.senders === 0 && chan.reserved === 0 && (chan.slots === undefined || chan.slots.waiting === 0))
    );
  }

  /** Whether no message is buffered now. */
  isEmpty(): boolean {
    return this.#chan.len === 0;
  }

  /** How many messages are buffered now. */
  get length(): number {
    return this.#chan.len;
  }

  /** Free slots now (see {@link Sender.capacity}). */
  get capacity(): number {
    return this.#chan.capacity;
  }

  /** The capacity the channel was created with (`Infinity` when unbounded). */
  get maxCapacity(): number {
    return this.#chan.maxCapacity;
  }

  /** @hidden The select protocol: takes a buffered message, or the end. */
  declare [selectTry]: () => { value: T | undefined } | undefined;
  /** @hidden The select protocol: waits in the receive queue without taking anything. */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      const chan = this.#chan;
      if (chan.len > 0) {
        const value = chan.bufShift();
        chan.releaseSlot();
        return { value };
      }
      return chan.isDisconnected() ? { value: undefined } : undefined;
    },
    wait(wake) {
      const chan = this.#chan;
      const w = new RecvWaiter(chan.rxWaiters, 0, wake);
      chan.rxWaiters.push(w);
      return () => {
        chan.rxWaiters.remove(w);
      };
    },
  });

  /**
   * Iterates over the messages until the channel ends. Leaving the loop early (`break`, `return`,
   * a throw) closes the receiver, so producers see their sends fail and can stop.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.unbounded<string>();
   * tx.send('a');
   * tx.send('b');
   * tx.close();
   * const seen: string[] = [];
   * for await (const m of rx) seen.push(m);
   * assert.deepEqual(seen, ['a', 'b']);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new ReceiverIterator(this);
  }
}

class ReceiverIterator<T extends {} | null> implements AsyncIterableIterator<T> {
  readonly #rx: Receiver<T>;
  constructor(rx: Receiver<T>) {
    this.#rx = rx;
  }
  next(): Promise<IteratorResult<T>> {
    return this.#rx.recv().then(toResult);
  }
  return(): Promise<IteratorResult<T>> {
    this.#rx.close();
    return Promise.resolve(DONE);
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

function toResult<T>(value: T | undefined): IteratorResult<T> {
  return value === undefined ? DONE : { done: false, value };
}
