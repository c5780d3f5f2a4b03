/**
 * Multi-producer, single-consumer channels, bounded ({@link channel}) and unbounded ({@link unbounded}).
 *
 * # Implementation notes
 *
 * One `Chan` holds everything: a growable power-of-two ring of buffered messages, the count of free
 * slots (`permits`, `Infinity` when unbounded), the slots held by unused {@link Permit}s, and two
 * waiter queues from core: senders waiting for a slot, and receives waiting for a message.
 *
 * - A freed slot goes straight to the oldest waiting sender (its value enters the channel at once), so
 *   `permits` stays 0 while anyone waits and nobody overtakes the queue, as with tokio's semaphore.
 * - A message sent while a plain `recv()` waits is handed to it directly, without touching the ring.
 * - A `select` waiting on the receiver sits in the same FIFO as plain receives; it is woken after the
 *   message is in the ring, and takes it through `[selectTry]` from inside `wake`, so a losing select
 *   consumes nothing.
 */
import {
  type Selectable,
  selectTry,
  selectWait,
  unwatchAbort,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { ChannelClosedError, checkCapacity } from './errors';
import {
  ChannelWaiter,
  DISCONNECTED,
  DONE,
  EMPTY,
  Latch,
  promiseFor,
  RESOLVED,
  SenderHandle,
  slots,
  type TryRecvResult,
  type WaitOptions,
} from './shared';

export type { TryRecvResult, WaitOptions } from './shared';

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

const SEND = 0;
const RESERVE = 1;

/** A waiting `recv` (limit 0), `recvMany` (its limit) or `select` (it has `wake`). */
class RecvWaiter extends ChannelWaiter<any> {
  readonly limit: number;
  constructor(limit: number, wake: (() => void) | undefined) {
    super(wake);
    this.limit = limit;
  }
}

/** A waiting `send` (with its value) or `reserve` of `need` slots, `got` of them gathered so far. */
class TxWaiter<T> extends ChannelWaiter<any> {
  readonly chan: Chan<T>;
  readonly kind: number;
  readonly need: number;
  got = 0;
  value: T | undefined;
  constructor(chan: Chan<T>, kind: number, need: number, value: T | undefined) {
    super(undefined);
    this.chan = chan;
    this.kind = kind;
    this.need = need;
    this.value = value;
  }
  override onAbort(reason: unknown): void {
    const chan = this.chan;
    chan.txWaiters.remove(this);
    const got = this.got;
    this.got = 0;
    this.value = undefined;
    if (got > 0) chan.releaseSlots(got);
    this.reject(reason);
  }
}

/** The state shared by the handles of one mpsc channel. */
class Chan<T> {
  buf: (T | undefined)[];
  head = 0;
  len = 0;
  mask: number;
  permits: number;
  readonly maxCapacity: number;
  /** Slots held by unused permits. */
  reserved = 0;
  senders = 1;
  rxClosed = false;
  rxDropped = false;
  readonly rxWaiters = new WaitQueue<RecvWaiter>();
  readonly txWaiters = new WaitQueue<TxWaiter<T>>();
  readonly rxClosedLatch = new Latch();
  /** A granted send waiter kept for the next waiting send, saving an allocation per wait. */
  spare: TxWaiter<T> | undefined = undefined;
  /** The same for a plain `recv()`. */
  spareRecv: RecvWaiter | undefined = undefined;

  constructor(capacity: number) {
    this.maxCapacity = this.permits = capacity;
    let size = 16;
    while (size < capacity && size < 4096) size *= 2;
    this.buf = slots(size);
    this.mask = size - 1;
  }

  bufPush(value: T): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = value;
    this.len++;
  }

  bufShift(): T {
    const i = this.head;
    const value = this.buf[i] as T;
    this.buf[i] = undefined;
    this.head = (i + 1) & this.mask;
    this.len--;
    return value;
  }

  grow(): void {
    const old = this.buf;
    const size = old.length;
    const next = slots<T>(size * 2);
    for (let i = 0; i < size; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = size * 2 - 1;
  }

  /** No message is buffered and none can come any more. */
  isDisconnected(): boolean {
    return (
      this.len === 0 &&
      this.reserved === 0 &&
      (this.senders === 0 || this.rxClosed) &&
      this.txWaiters.size === 0
    );
  }

  /** A message that holds a slot enters the channel: to a waiting `recv()`, else into the ring. */
  enqueue(value: T): void {
    const w = this.rxWaiters.peek();
    if (w === undefined) {
      this.bufPush(value);
    } else if (w.wake === undefined && this.len === 0) {
      this.rxWaiters.shift();
      unwatchAbort(w);
      if (w.limit === 0) {
        w.resolve(value);
        this.spareRecv = w;
      } else w.resolve([value]);
      this.releaseSlot();
    } else {
      this.bufPush(value);
      this.wakeReceivers();
    }
  }

  /** Serves waiting receives, oldest first, from the ring, or with the end once disconnected. */
  wakeReceivers(): void {
    let w: RecvWaiter | undefined;
    while ((w = this.rxWaiters.peek()) !== undefined) {
      if (this.len > 0) {
        this.rxWaiters.shift();
        unwatchAbort(w);
        if (w.wake !== undefined) {
          w.wake();
        } else if (w.limit === 0) {
          w.resolve(this.bufShift());
          this.spareRecv = w;
          this.releaseSlot();
        } else {
          w.resolve(this.take(w.limit));
        }
      } else if (this.isDisconnected()) {
        this.rxWaiters.shift();
        unwatchAbort(w);
        if (w.wake !== undefined) w.wake();
        else w.resolve(w.limit === 0 ? undefined : []);
      } else {
        return;
      }
    }
  }

  /** Takes up to `limit` buffered messages (at least one must be buffered). */
  take(limit: number): T[] {
    const n = Math.min(limit, this.len);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(this.bufShift());
    this.releaseSlots(n);
    return out;
  }

  /** One slot is free again: it goes to the oldest waiting sender, else back to `permits`. */
  releaseSlot(): void {
    const w = this.txWaiters.peek();
    if (w === undefined) {
      this.permits++;
    } else if (++w.got === w.need) {
      this.txWaiters.shift();
      unwatchAbort(w);
      this.grant(w);
    }
  }

  releaseSlots(n: number): void {
    while (n > 0) {
      const w = this.txWaiters.peek();
      if (w === undefined) {
        this.permits += n;
        return;
      }
      const part = Math.min(n, w.need - w.got);
      w.got += part;
      n -= part;
      if (w.got === w.need) {
        this.txWaiters.shift();
        unwatchAbort(w);
        this.grant(w);
      }
    }
  }

  grant(w: TxWaiter<T>): void {
    if (w.kind === SEND) {
      const value = w.value as T;
      w.value = undefined;
      w.got = 0;
      w.resolve(undefined);
      this.spare = w; // out of every list now: the next waiting send reuses it
      this.enqueue(value);
    } else {
      this.reserved += w.need;
      w.resolve(new Permit(this, w.need));
    }
  }

  waitSend(value: T, signal: AbortSignal | undefined): Promise<void> {
    let w = this.spare;
    if (w === undefined) w = new TxWaiter<T>(this, SEND, 1, value);
    else {
      this.spare = undefined;
      w.value = value;
    }
    const promise = promiseFor<void>(w);
    this.txWaiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  reserve(n: number, options: WaitOptions | undefined): Promise<Permit<T>> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.rxClosed) return Promise.reject(new ChannelClosedError(undefined));
    if (this.txWaiters.size === 0 && this.permits >= n) {
      this.permits -= n;
      this.reserved += n;
      return Promise.resolve(new Permit(this, n));
    }
    const w = new TxWaiter<T>(this, RESERVE, n, undefined);
    if (this.txWaiters.size === 0) {
      // Take what is free now, as tokio's semaphore does; the rest comes in order.
      w.got = this.permits;
      this.permits = 0;
    }
    const promise = promiseFor<Permit<T>>(w);
    this.txWaiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  tryReserve(n: number): Permit<T> | 'full' | 'closed' {
    if (this.rxClosed) return 'closed';
    if (this.permits < n) return 'full';
    this.permits -= n;
    this.reserved += n;
    return new Permit(this, n);
  }

  closeRx(): void {
    if (this.rxClosed) return;
    this.rxClosed = true;
    let w: TxWaiter<T> | undefined;
    while ((w = this.txWaiters.shift()) !== undefined) {
      unwatchAbort(w);
      this.permits += w.got;
      const value = w.value;
      w.value = undefined;
      w.reject(new ChannelClosedError(value));
    }
    this.rxClosedLatch.open();
    if (this.rxWaiters.size > 0) this.wakeReceivers();
  }

  senderClosed(): void {
    if (--this.senders === 0 && this.rxWaiters.size > 0) this.wakeReceivers();
  }
}

/**
 * Slots reserved in a bounded channel by {@link Sender.reserve} or {@link Sender.reserveMany}: each
 * {@link send} uses one without waiting, and {@link release} (or `using`) returns the unused ones.
 * Permits issued before the receiver closed can still send, as in tokio.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<string>(2);
 * {
 *   using permit = await tx.reserveMany(2);
 *   permit.send('only one'); // the other slot comes back at the end of the block
 * }
 * assert.equal(tx.capacity, 1);
 * assert.equal(await rx.recv(), 'only one');
 * ```
 */
export class Permit<T> {
  #chan: Chan<T>;
  #remaining: number;
  /** @internal */
  constructor(chan: Chan<T>, count: number) {
    this.#chan = chan;
    this.#remaining = count;
  }
  /** Slots still unused. */
  get remaining(): number {
    return this.#remaining;
  }
  /**
   * Sends `value` in one reserved slot; never waits, never fails while a slot remains.
   * @throws `RangeError` when every slot of the permit is used or released.
   */
  send(value: T): void {
    if (this.#remaining === 0) throw new RangeError('permit already used');
    this.#remaining--;
    const chan = this.#chan;
    chan.reserved--;
    if (chan.rxDropped) {
      chan.releaseSlot();
      return;
    }
    chan.enqueue(value);
  }
  /** Returns the unused slots to the channel. Idempotent. */
  release(): void {
    const n = this.#remaining;
    if (n === 0) return;
    this.#remaining = 0;
    const chan = this.#chan;
    chan.reserved -= n;
    chan.releaseSlots(n);
    if (chan.rxWaiters.size > 0) chan.wakeReceivers();
  }
  /** Same as {@link release}. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/** What both kinds of mpsc sender share: the channel, and the handle's own closing. */
abstract class MpscSender<T> extends SenderHandle<Chan<T>> {
  /** Whether the receiver is closed, so that sends fail. */
  isClosed(): boolean {
    return this.shared.rxClosed;
  }

  /**
   * Resolves when the receiver closes, and stays resolved.
   *
   * **Cancel safety:** safe; every call returns the same promise.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   *
   * const [tx, rx] = mpsc.channel<number>(1);
   * setTimeout(() => rx.close(), 0);
   * await tx.closed();
   * ```
   */
  closed(): Promise<void> {
    return this.shared.rxClosedLatch.wait();
  }
}

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
export class Sender<T> extends MpscSender<T> {
  /**
   * Sends `value`, waiting for a free slot if the channel is full. Waiting senders are served in
   * the order they came.
   *
   * Resolves once the value is in the channel. Rejects with a {@link ChannelClosedError} carrying
   * `value` back when the receiver is closed (or this handle is), and with `signal.reason` when aborted.
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
    const chan = this.shared;
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.isShut || chan.rxClosed) return Promise.reject(new ChannelClosedError(value));
    if (chan.permits > 0) {
      chan.permits--;
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
    const chan = this.shared;
    if (this.isShut || chan.rxClosed) return 'closed';
    if (chan.permits === 0) return 'full';
    chan.permits--;
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
    if (this.isShut) return Promise.reject(new ChannelClosedError(undefined));
    return this.shared.reserve(1, options);
  }

  /**
   * Waits for `n` slots at once (FIFO with every other sender) and holds them in one {@link Permit}.
   * Rejects at once with a `RangeError` if `n` exceeds {@link maxCapacity}.
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
    const chan = this.shared;
    if (!Number.isSafeInteger(n) || n < 0 || n > chan.maxCapacity) {
      return Promise.reject(new RangeError(`n must be an integer from 0 to ${chan.maxCapacity}, got ${n}`));
    }
    if (this.isShut) return Promise.reject(new ChannelClosedError(undefined));
    return chan.reserve(n, options);
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

  /** Reserves `n` slots if they are free now; `'full'` also when `n` exceeds {@link maxCapacity}. */
  tryReserveMany(n: number): Permit<T> | 'full' | 'closed' {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    return this.isShut ? 'closed' : this.shared.tryReserve(n);
  }

  /** Free slots now: it drops on send and reserve, and rises on receive. */
  get capacity(): number {
    return this.shared.permits;
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
    return new Sender(this.share());
  }
}

/**
 * The sending half of an unbounded channel: `send` never waits.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.unbounded<string>();
 * const logger = tx.clone();
 * logger.send('from a clone');
 * tx.close();
 * logger.close();
 * assert.equal(await rx.recv(), 'from a clone');
 * assert.equal(await rx.recv(), undefined);
 * ```
 */
export class UnboundedSender<T> extends MpscSender<T> {
  /**
   * Sends `value` at once; there is no backpressure, so memory is the only bound.
   * @throws {@link ChannelClosedError} carrying `value` back when the receiver (or this handle) is closed.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.unbounded<number>();
   * for (let i = 0; i < 3; i++) tx.send(i);
   * assert.deepEqual(await rx.recvMany(10), [0, 1, 2]);
   * ```
   */
  send(value: T): void {
    const chan = this.shared;
    if (this.isShut || chan.rxClosed) throw new ChannelClosedError(value);
    if (chan.rxWaiters.size === 0) chan.bufPush(value);
    else chan.enqueue(value);
  }

  /** A new sender on the same channel. Throws a {@link ChannelClosedError} if this handle is closed. */
  clone(): UnboundedSender<T> {
    return new UnboundedSender(this.share());
  }
}

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
export class Receiver<T> implements Selectable<T | undefined>, AsyncIterable<T> {
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
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (chan.len > 0) {
      const value = chan.bufShift();
      chan.releaseSlot();
      return Promise.resolve(value);
    }
    if (chan.isDisconnected()) return RESOLVED;
    let w = chan.spareRecv;
    if (w === undefined) w = new RecvWaiter(0, undefined);
    else chan.spareRecv = undefined;
    const promise = promiseFor<T | undefined>(w);
    chan.rxWaiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /**
   * Receives up to `limit` messages at once, waiting for at least one. Resolves with `[]` when
   * `limit` is 0, or once the channel is closed and drained.
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
    if (!Number.isSafeInteger(limit) || limit < 0) {
      return Promise.reject(new RangeError(`limit must be a non-negative integer, got ${limit}`));
    }
    const chan = this.#chan;
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (limit === 0) return Promise.resolve([]);
    if (chan.len > 0) return Promise.resolve(chan.take(limit));
    if (chan.isDisconnected()) return Promise.resolve([]);
    const w = new RecvWaiter(limit, undefined);
    const promise = promiseFor<T[]>(w);
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
    chan.permits += n;
    if (chan.rxWaiters.size > 0) chan.wakeReceivers();
  }

  /** Whether no more messages can be sent: every sender or the receiver is closed. */
  isClosed(): boolean {
    const chan = this.#chan;
    return chan.rxClosed || chan.senders === 0;
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
    return this.#chan.permits;
  }

  /** The capacity the channel was created with (`Infinity` when unbounded). */
  get maxCapacity(): number {
    return this.#chan.maxCapacity;
  }

  /** The select protocol: takes a buffered message, or the end. @hidden */
  [selectTry](): { value: T | undefined } | undefined {
    const chan = this.#chan;
    if (chan.len > 0) {
      const value = chan.bufShift();
      chan.releaseSlot();
      return { value };
    }
    return chan.isDisconnected() ? { value: undefined } : undefined;
  }

  /** The select protocol: waits in the receive queue without taking anything. @hidden */
  [selectWait](wake: () => void): () => void {
    const chan = this.#chan;
    const w = new RecvWaiter(0, wake);
    chan.rxWaiters.push(w);
    return () => {
      chan.rxWaiters.remove(w);
    };
  }

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

class ReceiverIterator<T> implements AsyncIterableIterator<T> {
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

/**
 * Creates a bounded channel holding up to `capacity` messages: `send` waits while it is full, which
 * is the backpressure that keeps a fast producer from outrunning its consumer.
 *
 * @param capacity - a positive integer; anything else throws a `RangeError` (tokio panics on 0).
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
export function channel<T>(capacity: number): [Sender<T>, Receiver<T>] {
  checkCapacity(capacity);
  const chan = new Chan<T>(capacity);
  return [new Sender(chan), new Receiver(chan)];
}

/**
 * Creates an unbounded channel: `send` is synchronous and never waits. Prefer {@link channel} unless
 * the producer is bounded by something else.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.unbounded<string>();
 * tx.send('no waiting');
 * assert.equal(await rx.recv(), 'no waiting');
 * ```
 */
export function unbounded<T>(): [UnboundedSender<T>, Receiver<T>] {
  const chan = new Chan<T>(Number.POSITIVE_INFINITY);
  return [new UnboundedSender(chan), new Receiver(chan)];
}
