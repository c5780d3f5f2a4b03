/**
 * The state shared by the handles of one mpsc channel, bounded or unbounded.
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
import { unwatchAbort, WaitQueue, watchAbort } from '@async/core';
import { ChannelClosedError } from '../errors';
import { ChannelWaiter, Latch, promiseFor, slots, type WaitOptions } from '../shared';
import { Permit } from './permit';

const SEND = 0;
const RESERVE = 1;

/** @internal A waiting `recv` (limit 0), `recvMany` (its limit) or `select` (it has `wake`). */
export class RecvWaiter extends ChannelWaiter<any> {
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

/** @internal The state shared by the handles of one mpsc channel. */
export class Chan<T> {
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
