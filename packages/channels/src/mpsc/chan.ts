/**
 * The state shared by the handles of one mpsc channel, bounded or unbounded.
 *
 * # Implementation notes
 *
 * One `Chan` holds everything: a growable power-of-two ring of buffered messages, the free slots of a
 * bounded channel (core's `BatchSemaphore`, the permit mechanism of every bounded primitive), the
 * slots held by unused {@link Permit}s, and the queue of receives waiting for a message.
 *
 * - A waiting send or reserve is a request for slots in the semaphore's FIFO queue. A freed slot goes
 *   straight to the oldest request (a send's value enters the channel at once), so nobody overtakes the
 *   queue; a request that leaves (aborted) hands on what it had gathered, and a request that is itself
 *   leaving is passed by, as in tokio.
 * - A message sent while a plain `recv()` waits is handed to it directly, without touching the ring.
 * - A `select` waiting on the receiver sits in the same FIFO as plain receives; it is woken after the
 *   message is in the ring, and takes it through `[selectTry]` from inside `wake`, so a losing select
 *   consumes nothing.
 * - Hand-off never recurses with the queues: a slot freed while a hand-off runs (a receive served
 *   from inside a grant, a select taking a message from inside its wake) is given out by the
 *   semaphore's running loop, so 100,000 queued sends and receives are served in constant stack.
 */
import { abortPending, BatchSemaphore, PermitWaiter, unwatchAbort, WaitQueue } from '@async/core/protocol';
import { ChannelClosedError } from '../errors';
import { Latch } from '../latch';
import { slots } from '../shared';
import { ChannelWaiter } from '../waiter';
import { Permit } from './permit';

const SEND = 0;
const RESERVE = 1;

/** A waiting `recv` (limit 0), `recvMany` (its limit) or `select` (it has `wake`). */
export class RecvWaiter extends ChannelWaiter<any> {
  readonly limit: number;
  constructor(home: WaitQueue<RecvWaiter>, limit: number, wake: (() => void) | undefined) {
    super(home, wake);
    this.limit = limit;
  }
}

/** A waiting `send` (with its value) or `reserve`: a request for slots of the channel's semaphore. */
class TxWaiter<T extends {} | null> extends PermitWaiter<any> {
  readonly chan: Chan<T>;
  readonly kind: number;
  value: T | undefined;
  constructor(chan: Chan<T>, kind: number, value: T | undefined) {
    super();
    this.chan = chan;
    this.kind = kind;
    this.value = value;
  }
  granted(): void {
    this.chan.granted(this);
  }
  /** The receiver closed: the value goes back to the caller. */
  closed(): void {
    const value = this.value;
    this.value = undefined;
    this.reject(new ChannelClosedError(value));
  }
  override onAbort(reason: unknown): void {
    this.value = undefined;
    super.onAbort(reason);
  }
}

/** The state shared by the handles of one mpsc channel. */
export class Chan<T extends {} | null> {
  buf: (T | undefined)[];
  head = 0;
  len = 0;
  mask: number;
  /** The free slots of a bounded channel and the sends waiting for one; none when unbounded. */
  readonly slots: BatchSemaphore | undefined;
  readonly maxCapacity: number;
  /** Slots held by unused permits. */
  reserved = 0;
  senders = 1;
  rxClosed = false;
  rxDropped = false;
  readonly rxWaiters = new WaitQueue<RecvWaiter>();
  readonly rxClosedLatch = new Latch();
  /** A granted send waiter kept for the next waiting send, saving an allocation per wait. */
  spare: TxWaiter<T> | undefined = undefined;
  /** The same for a plain `recv()`. */
  spareRecv: RecvWaiter | undefined = undefined;

  constructor(capacity: number) {
    this.maxCapacity = capacity;
    this.slots = capacity === Number.POSITIVE_INFINITY ? undefined : new BatchSemaphore(capacity);
    let size = 16;
    while (size < capacity && size < 4096) size *= 2;
    this.buf = slots(size);
    this.mask = size - 1;
  }

  /** Free slots now (`Infinity` when unbounded). */
  get capacity(): number {
    return this.slots === undefined ? Number.POSITIVE_INFINITY : this.slots.available;
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
      (this.slots === undefined || this.slots.waiting === 0)
    );
  }

  /** The oldest waiting receive that is not leaving: one whose signal is aborting is passed by. */
  headReceiver(): RecvWaiter | undefined {
    const queue = this.rxWaiters;
    let w = queue.peek();
    while (w !== undefined && abortPending(w)) w = queue.after(w);
    return w;
  }

  /** A message that holds a slot enters the channel: to a waiting `recv()`, else into the ring. */
  enqueue(value: T): void {
    if (this.rxWaiters.size === 0) {
      this.bufPush(value);
      return;
    }
    const w = this.headReceiver();
    if (w === undefined) {
      this.bufPush(value);
    } else if (w.wake === undefined && this.len === 0) {
      this.rxWaiters.remove(w);
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
    while ((w = this.headReceiver()) !== undefined) {
      if (this.len > 0) {
        this.rxWaiters.remove(w);
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
        this.rxWaiters.remove(w);
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

  /** One slot is free again: to the oldest waiting send or reserve, else back to the free count. */
  releaseSlot(): void {
    this.slots?.release(1);
  }

  releaseSlots(n: number): void {
    this.slots?.release(n);
  }

  /** A waiting send or reserve got its slots: the send's value enters, the reserve gets its permit. */
  granted(w: TxWaiter<T>): void {
    if (w.kind === SEND) {
      const value = w.value as T;
      w.value = undefined;
      w.resolve(undefined);
      this.spare = w; // out of every list now: the next waiting send reuses it
      this.enqueue(value);
    } else {
      this.reserved += w.needed;
      w.resolve(new Permit(this, w.needed));
    }
  }

  /** A send that found no free slot waits for one (the caller checked the signal and the receiver). */
  waitSend(value: T, signal: AbortSignal | undefined): Promise<void> {
    let w = this.spare;
    if (w === undefined) w = new TxWaiter<T>(this, SEND, value);
    else {
      this.spare = undefined;
      w.value = value;
    }
    // Without a signal only the receiver's close can fail it: one settle function to store (see core).
    const promise = signal === undefined ? w.promiseResolveOnly() : w.promise();
    this.slots!.acquire(w, 1, signal);
    return promise;
  }

  reserve(n: number, signal: AbortSignal | undefined): Promise<Permit<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.rxClosed) return Promise.reject(new ChannelClosedError(undefined));
    const slots = this.slots!;
    if (slots.tryAcquire(n)) {
      this.reserved += n;
      return Promise.resolve(new Permit(this, n));
    }
    // Takes what is free now, as tokio's semaphore does; the rest comes in order.
    const w = new TxWaiter<T>(this, RESERVE, undefined);
    const promise = w.promise();
    slots.acquire(w, n, signal);
    return promise;
  }

  tryReserve(n: number): Permit<T> | 'full' | 'closed' {
    if (this.rxClosed) return 'closed';
    if (!this.slots!.tryAcquire(n)) return 'full';
    this.reserved += n;
    return new Permit(this, n);
  }

  closeRx(): void {
    if (this.rxClosed) return;
    this.rxClosed = true;
    this.slots?.close(); // every waiting send and reserve rejects, a send with its value
    this.rxClosedLatch.open();
    if (this.rxWaiters.size > 0) this.wakeReceivers();
  }

  senderClosed(): void {
    if (--this.senders === 0 && this.rxWaiters.size > 0) this.wakeReceivers();
  }
}
