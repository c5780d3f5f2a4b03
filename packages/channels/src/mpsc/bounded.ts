import type { WaitOptions } from '@async/core';
import { checkInteger } from '@async/core/protocol';
import { ChannelClosedError } from '../errors';
import { RESOLVED } from '../shared';
import { checkCount, checkMessage, signalOf } from '../validate';
import { Chan } from './chan';
import type { Permit } from './permit';
import { Receiver } from './receiver';
import { MpscSender } from './sender';

/**
 * What {@link Sender.trySend} did: sent, or why not (no free slot, or the receiver is closed).
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx] = mpsc.channel<number>(1);
 * const results: mpsc.TrySendResult[] = [tx.trySend(1), tx.trySend(2)];
 * assert.deepEqual(results, ['sent', 'full']);
 * ```
 */
export type TrySendResult = 'sent' | 'full' | 'closed';

/**
 * The sending half of a bounded channel. Clone it for more producers; the receiver sees the end once
 * every clone is closed.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<number>(4);
 * await Promise.all(
 *   [1, 2].map(async (id) => {
 *     using mine = tx.clone();
 *     await mine.send(id);
 *   }),
 * );
 * tx.close();
 * assert.deepEqual(await rx.recvMany(10), [1, 2]);
 * assert.equal(await rx.recv(), undefined);
 * ```
 */
export class Sender<T extends {} | null> extends MpscSender<T> {
  /**
   * Sends `value`, waiting for a free slot if the channel is full. Waiting senders are served in
   * the order they came.
   *
   * Resolves once the value is in the channel. Rejects with a {@link ChannelClosedError} carrying
   * `value` back when the receiver is closed (or this handle is), and with `signal.reason` when aborted.
   * Throws a `TypeError` at once for `value` `undefined`, which a receive could not tell from the end
   * of the channel.
   *
   * **Cancel safety:** aborting guarantees the value was not sent, but the value is dropped with the
   * call and the place in the queue is lost. To keep both, wait with {@link reserve} and then send
   * through the permit.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(1);
   * await tx.send(1);
   * const second = tx.send(2); // waits: the channel is full
   * assert.equal(await rx.recv(), 1);
   * await second;
   * assert.equal(await rx.recv(), 2);
   * ```
   */
  send(value: T, options?: WaitOptions): Promise<void> {
    checkMessage(value);
    const chan = this.shared;
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.isShut || chan.rxClosed) return Promise.reject(new ChannelClosedError(value));
    if (chan.slots!.tryAcquire(1)) {
      if (chan.rxWaiters.size === 0) chan.bufPush(value);
      else chan.enqueue(value);
      return RESOLVED;
    }
    return chan.waitSend(value, signal);
  }

  /**
   * Sends `value` if a slot is free now, without waiting or throwing: `'sent'`, `'full'` (no free
   * slot, or other senders wait), or `'closed'`. On failure the value stays yours.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<string>(1);
   * assert.equal(tx.trySend('a'), 'sent');
   * assert.equal(tx.trySend('b'), 'full');
   * rx.close();
   * assert.equal(tx.trySend('c'), 'closed');
   * ```
   */
  trySend(value: T): TrySendResult {
    checkMessage(value);
    const chan = this.shared;
    if (this.isShut || chan.rxClosed) return 'closed';
    if (!chan.slots!.tryAcquire(1)) return 'full';
    chan.enqueue(value);
    return 'sent';
  }

  /**
   * Waits for a free slot and holds it in a {@link Permit}, which then sends without waiting.
   * Rejects with a {@link ChannelClosedError} if the receiver is closed.
   *
   * **Cancel safety:** aborting loses nothing but the place in the queue: no slot is taken.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<string>(1);
   * const permit = await tx.reserve();
   * assert.equal(tx.capacity, 0);
   * permit.send('reserved');
   * assert.equal(await rx.recv(), 'reserved');
   * ```
   */
  reserve(options?: WaitOptions): Promise<Permit<T>> {
    const signal = signalOf(options);
    if (this.isShut) return Promise.reject(new ChannelClosedError(undefined));
    return this.shared.reserve(1, signal);
  }

  /**
   * Waits for `n` slots at once (FIFO with every other sender) and holds them in one {@link Permit}.
   * Rejects at once with a `RangeError` if `n` exceeds {@link maxCapacity} (tokio's `SendError`: no
   * wait could ever end); throws one if `n` is not an integer >= 0.
   *
   * **Cancel safety:** as {@link reserve}; slots gathered before the abort are given back.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(4);
   * using permit = await tx.reserveMany(3);
   * permit.send(1);
   * assert.equal(permit.remaining, 2);
   * assert.equal(await rx.recv(), 1);
   * ```
   */
  reserveMany(n: number, options?: WaitOptions): Promise<Permit<T>> {
    checkCount(n, 'n');
    const signal = signalOf(options);
    const chan = this.shared;
    if (n > chan.maxCapacity) {
      return Promise.reject(new RangeError(`n must be at most maxCapacity (${chan.maxCapacity}), got ${n}`));
    }
    if (this.isShut) return Promise.reject(new ChannelClosedError(undefined));
    return chan.reserve(n, signal);
  }

  /**
   * Reserves one slot if it is free now: a {@link Permit}, `'full'` or `'closed'`.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx] = mpsc.channel<number>(1);
   * const permit = tx.tryReserve();
   * assert.notEqual(typeof permit, 'string');
   * assert.equal(tx.tryReserve(), 'full');
   * ```
   */
  tryReserve(): Permit<T> | 'full' | 'closed' {
    return this.isShut ? 'closed' : this.shared.tryReserve(1);
  }

  /**
   * Reserves `n` slots if they are free now: a {@link Permit}, `'closed'`, or `'full'`, also for any
   * `n` above {@link maxCapacity}, however large. Throws if `n` is not an integer >= 0.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx] = mpsc.channel<number>(4);
   * assert.equal(tx.tryReserveMany(2 ** 53), 'full');
   * const permit = tx.tryReserveMany(3);
   * assert.equal(typeof permit === 'string' ? 0 : permit.remaining, 3);
   * ```
   */
  tryReserveMany(n: number): Permit<T> | 'full' | 'closed' {
    checkCount(n, 'n');
    return this.isShut ? 'closed' : this.shared.tryReserve(n);
  }

  /** Free slots now: it drops on send and reserve, and rises on receive. */
  get capacity(): number {
    return this.shared.capacity;
  }

  /** The capacity the channel was created with; it never changes. */
  get maxCapacity(): number {
    return this.shared.maxCapacity;
  }

  /**
   * A new sender on the same channel. Throws a {@link ChannelClosedError} if this handle is closed.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<string>(4);
   * const tx2 = tx.clone();
   * tx.close();
   * await tx2.send('still open');
   * tx2.close();
   * assert.equal(await rx.recv(), 'still open');
   * assert.equal(await rx.recv(), undefined);
   * ```
   */
  clone(): Sender<T> {
    this.addSender();
    return new Sender(this.shared);
  }
}

/**
 * Creates a bounded channel holding up to `capacity` messages: `send` waits while it is full, which
 * is the backpressure that keeps a fast producer from outrunning its consumer.
 *
 * @param capacity - an integer >= 1 (tokio panics on 0); a non-number throws a `TypeError`, any other
 *   number a `RangeError`.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<number>(16);
 * const producer = (async () => {
 *   for (let i = 0; i < 3; i++) await tx.send(i);
 *   tx.close();
 * })();
 * const got: number[] = [];
 * for await (const n of rx) got.push(n);
 * await producer;
 * assert.deepEqual(got, [0, 1, 2]);
 * ```
 */
export function channel<T extends {} | null>(capacity: number): [Sender<T>, Receiver<T>] {
  checkInteger(capacity, 'capacity', 1);
  const chan = new Chan<T>(capacity);
  return [new Sender(chan), new Receiver(chan)];
}
