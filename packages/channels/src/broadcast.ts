/**
 * Multi-producer, multi-consumer broadcast: every receiver sees every value sent after it subscribed
 * ({@link broadcast}).
 *
 * # Implementation notes
 *
 * One ring of `capacity` slots (rounded up to a power of two, as tokio does) is shared by all
 * receivers, so memory is O(capacity) whatever the number of receivers. Beyond 1,024 slots the
 * ring's arrays grow as it first fills, so a large capacity costs only what is actually sent. Each
 * slot keeps its value, the position it was written at, and how many receivers have still to read
 * it; the last reader (or a receiver closing) drops the value so it can be collected. A receiver is just a position. It lagged
 * when the slot at its position holds a later one: it is told how many it missed and moves to the
 * oldest value still held.
 *
 * Each receiver keeps its waiting receives in a queue of its own (see `receiver-queue.ts`): a send
 * visits the receivers that wait and hands each waiting receive its next value, a receiver closing
 * ends only its own receives. The `select`s are woken once that walk is over.
 */
import type { Selectable, WaitOptions } from '@async/core';
import {
  checkInteger,
  implementSelectable,
  selectTry,
  selectWait,
  unwatchAbort,
  watchAbort,
} from '@async/core/protocol';
import { ChannelClosedError, LaggedError } from './errors';
import { ReceiverQueue, WaitingReceivers } from './receiver-queue';
import { DISCONNECTED, DONE, EMPTY, RESOLVED, SenderHandle, type TryRecvResult } from './shared';
import { checkMessage, signalOf } from './validate';
import { ChannelWaiter, wakeAll } from './waiter';

/**
 * The largest capacity of a {@link broadcast} channel, 2^30 values: positions in the ring are
 * computed on 32-bit integers, and a JavaScript array holds fewer than 2^32 elements.
 */
const MAX_CAPACITY = 0x4000_0000; // 2^30

/** The ring's arrays are allocated up front up to this size, and grow beyond it as the ring first fills. */
const INITIAL_SLOTS = 1024;

/** A waiting receive of one receiver (or its `select`). */
class BroadcastWaiter<T extends {} | null> extends ChannelWaiter<T | undefined> {
  readonly rx: BroadcastReceiver<T>;
  constructor(
    home: ReceiverQueue<BroadcastWaiter<T>>,
    rx: BroadcastReceiver<T>,
    wake: (() => void) | undefined,
  ) {
    super(home as ReceiverQueue<ChannelWaiter<T | undefined>>, wake);
    this.rx = rx;
  }
}

/** The ring and counts shared by every handle of one broadcast channel. */
class Shared<T extends {} | null> {
  readonly values: (T | undefined)[] = [];
  readonly pos: number[] = [];
  readonly rem: number[] = [];
  readonly mask: number;
  readonly capacity: number;
  /** Position of the next value to be sent. */
  tail = 0;
  senders = 1;
  receivers = 0;
  readonly waiting = new WaitingReceivers<BroadcastWaiter<T>>();

  constructor(capacity: number) {
    let size = 1;
    while (size < capacity) size *= 2;
    this.capacity = size;
    this.mask = size - 1;
    this.grow();
  }

  /** Writes the value at the next position. */
  write(value: T, readers: number): void {
    const pos = this.tail++;
    const i = pos & this.mask;
    if (i === this.values.length) this.grow();
    this.values[i] = value;
    this.pos[i] = pos;
    this.rem[i] = readers;
  }

  /**
   * Doubles the ring's arrays, up to the capacity: they start at 1,024 slots at most and grow only as
   * the ring first fills, so a large capacity costs what is sent, not what is allowed.
   */
  grow(): void {
    const to = Math.min(this.capacity, Math.max(INITIAL_SLOTS, this.values.length * 2));
    for (let i = this.values.length; i < to; i++) {
      this.values.push(undefined);
      this.pos.push(-1);
      this.rem.push(0);
    }
  }

  /** Serves the waiting receives of every receiver that waits, after a send or the last sender closing. */
  notify(): void {
    let wakes: (() => void)[] | undefined;
    for (let queue = this.waiting.head; queue !== undefined; ) {
      const next = queue.listedNext; // serving `queue` may take it out of the list, nothing else
      wakes = this.serve(queue as ReceiverQueue<BroadcastWaiter<T>>, wakes);
      queue = next;
    }
    wakeAll(wakes);
  }

  /**
   * Serves one receiver's waiting receives, oldest first, for as long as it has something to read: a
   * value, a lag, or the end. Its `select`s are all woken (they read for themselves); they are
   * returned in `wakes` to be called once the walk is over.
   */
  serve(
    queue: ReceiverQueue<BroadcastWaiter<T>>,
    wakes: (() => void)[] | undefined,
  ): (() => void)[] | undefined {
    let w: BroadcastWaiter<T> | undefined;
    while ((w = queue.peek()) !== undefined) {
      const rx = w.rx;
      const ended = rx.next === this.tail;
      if (ended && this.senders > 0) break;
      queue.shift();
      unwatchAbort(w);
      if (w.wake !== undefined) (wakes ??= []).push(w.wake);
      else if (ended) w.resolve(undefined);
      else if (this.pos[rx.next & this.mask] !== rx.next) w.reject(this.lag(rx));
      else w.resolve(this.read(rx));
    }
    return wakes;
  }

  /** Reads the value at `rx`'s position, which must be held. */
  read(rx: BroadcastReceiver<T>): T {
    const i = rx.next & this.mask;
    const value = this.values[i] as T;
    if (--this.rem[i]! === 0) this.values[i] = undefined;
    rx.next++;
    return value;
  }

  /** Moves a lagging `rx` to the oldest held value and reports how many it missed. */
  lag(rx: BroadcastReceiver<T>): LaggedError {
    const oldest = this.tail - this.capacity;
    const skipped = oldest - rx.next;
    rx.next = oldest;
    return new LaggedError(skipped);
  }

  subscribe(): BroadcastReceiver<T> {
    this.receivers++;
    return new BroadcastReceiver(this, this.tail);
  }

  senderClosed(): void {
    if (--this.senders === 0 && this.waiting.head !== undefined) this.notify();
  }
}

/**
 * The sending half of a {@link broadcast} channel.
 *
 * @example
 * ```ts
 * import { broadcast } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = broadcast<string>(8);
 * const other = tx.clone();
 * tx.close();
 * other.send('last word');
 * other.close();
 * assert.equal(await rx.recv(), 'last word');
 * assert.equal(await rx.recv(), undefined);
 * ```
 */
export class BroadcastSender<T extends {} | null> extends SenderHandle {
  /** @internal */
  declare protected readonly shared: Shared<T>;

  /**
   * Sends `value` to every current receiver, synchronously, and returns how many there are. When the
   * ring is full the oldest value is overwritten: receivers that had not read it will lag.
   *
   * @throws {@link ChannelClosedError} carrying `value` when there is no receiver (the value is not
   * kept; a later `subscribe` makes sends work again) or this handle is closed; `TypeError` for
   * `value` `undefined`, which a receive could not tell from the end of the channel.
   *
   * @example
   * ```ts
   * import { broadcast } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx1] = broadcast<string>(16);
   * const rx2 = tx.subscribe();
   * assert.equal(tx.send('hi'), 2);
   * assert.equal(await rx1.recv(), 'hi');
   * assert.equal(await rx2.recv(), 'hi');
   * ```
   */
  send(value: T): number {
    checkMessage(value);
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(value, 'sender closed');
    const receivers = s.receivers;
    if (receivers === 0) throw new ChannelClosedError(value, 'no receivers');
    s.write(value, receivers);
    if (s.waiting.head !== undefined) s.notify();
    return receivers;
  }

  /**
   * A new receiver that sees only the values sent from now on.
   *
   * @example
   * ```ts
   * import { broadcast } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, early] = broadcast<number>(4);
   * tx.send(1);
   * const late = tx.subscribe();
   * tx.send(2);
   * assert.equal(await early.recv(), 1);
   * assert.equal(await late.recv(), 2);
   * ```
   */
  subscribe(): BroadcastReceiver<T> {
    return this.shared.subscribe();
  }

  /** How many receivers are open. */
  get receiverCount(): number {
    return this.shared.receivers;
  }

  /** The ring's size: the capacity asked for, rounded up to a power of two. */
  get capacity(): number {
    return this.shared.capacity;
  }

  /** A new sender on the same channel. Throws a {@link ChannelClosedError} if this handle is closed. */
  clone(): BroadcastSender<T> {
    this.addSender();
    return new BroadcastSender(this.shared);
  }
}

/**
 * A receiving half of a {@link broadcast} channel: its own position in the shared ring.
 * `undefined` marks the end of the channel: don't broadcast `undefined` as a value.
 *
 * @example
 * ```ts
 * import { broadcast } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = broadcast<number>(4);
 * const all = (async () => {
 *   const seen: number[] = [];
 *   for await (const n of rx) seen.push(n);
 *   return seen;
 * })();
 * tx.send(1);
 * tx.send(2);
 * tx.close();
 * assert.deepEqual(await all, [1, 2]);
 * ```
 */
export class BroadcastReceiver<T extends {} | null> implements Selectable<T | undefined>, AsyncIterable<T> {
  /** @internal */
  readonly shared: Shared<T>;
  /** @internal Position of the next value to read. */
  next: number;
  #closed = false;
  readonly #waiters: ReceiverQueue<BroadcastWaiter<T>>;
  /** @internal */
  constructor(shared: Shared<T>, next: number) {
    this.shared = shared;
    this.next = next;
    this.#waiters = new ReceiverQueue(shared.waiting);
  }

  /**
   * Receives the next value, waiting for one.
   *
   * Resolves with `undefined` once every sender is closed and this receiver has read everything the
   * ring still holds (or once it is closed itself). Rejects with a {@link LaggedError} when values
   * were overwritten before this receiver read them; the next call returns the oldest value held.
   *
   * **Cancel safety:** safe: an aborted receive has read nothing.
   *
   * @example
   * ```ts
   * import { broadcast } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = broadcast<number>(4);
   * tx.send(1);
   * tx.close();
   * assert.equal(await rx.recv(), 1);
   * assert.equal(await rx.recv(), undefined);
   * ```
   */
  recv(options?: WaitOptions): Promise<T | undefined> {
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closed) return RESOLVED;
    const s = this.shared;
    if (this.next !== s.tail) {
      if (s.pos[this.next & s.mask] !== this.next) return Promise.reject(s.lag(this));
      return Promise.resolve(s.read(this));
    }
    if (s.senders === 0) return RESOLVED;
    const w = new BroadcastWaiter<T>(this.#waiters, this, undefined);
    const promise = w.promise();
    this.#waiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /**
   * Reads the next value without waiting: `{ ok: true, value }`, or `{ ok: false, reason }` with
   * `'empty'`, `'disconnected'` (every sender closed and everything read), or `'lagged'` with
   * `skipped`.
   *
   * @example
   * ```ts
   * import { broadcast } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = broadcast<number>(1);
   * tx.send(1);
   * tx.send(2);
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'lagged', skipped: 1 });
   * assert.deepEqual(rx.tryRecv(), { ok: true, value: 2 });
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'empty' });
   * ```
   */
  tryRecv(): TryRecvResult<T> | { readonly ok: false; readonly reason: 'lagged'; readonly skipped: number } {
    const s = this.shared;
    if (this.#closed) return DISCONNECTED;
    if (this.next !== s.tail) {
      if (s.pos[this.next & s.mask] !== this.next) {
        return { ok: false, reason: 'lagged', skipped: s.lag(this).skipped };
      }
      return { ok: true, value: s.read(this) };
    }
    return s.senders === 0 ? DISCONNECTED : EMPTY;
  }

  /** How many values this receiver has still to read (lagged ones included). */
  get length(): number {
    return this.shared.tail - this.next;
  }

  /** A new receiver at the same channel that sees only values sent from now on. */
  resubscribe(): BroadcastReceiver<T> {
    return this.shared.subscribe();
  }

  /**
   * Closes this receiver: it counts no more, its waiting receives resolve with `undefined`, and the
   * values it had not read are marked read (so the ring can drop them). Costs its own waiting receives
   * and unread values, not the channel's. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const s = this.shared;
    s.receivers--;
    for (let p = Math.max(this.next, s.tail - s.capacity); p < s.tail; p++) {
      const i = p & s.mask;
      if (s.pos[i] === p && --s.rem[i]! === 0) s.values[i] = undefined;
    }
    this.next = s.tail;
    let wakes: (() => void)[] | undefined;
    let w: BroadcastWaiter<T> | undefined;
    while ((w = this.#waiters.shift()) !== undefined) {
      unwatchAbort(w);
      if (w.wake !== undefined) (wakes ??= []).push(w.wake);
      else w.resolve(undefined);
    }
    wakeAll(wakes);
  }

  /** Same as {@link close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** The select protocol: reads the next value, the end, or throws {@link LaggedError}. @hidden */
  declare [selectTry]: () => { value: T | undefined } | undefined;
  /** The select protocol. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.#closed) return { value: undefined };
      const s = this.shared;
      if (this.next !== s.tail) {
        if (s.pos[this.next & s.mask] !== this.next) throw s.lag(this);
        return { value: s.read(this) };
      }
      return s.senders === 0 ? { value: undefined } : undefined;
    },
    wait(wake) {
      const queue = this.#waiters;
      const w = new BroadcastWaiter(queue, this, wake);
      queue.push(w);
      return () => {
        queue.remove(w);
      };
    },
  });

  /**
   * Iterates over the values until the channel ends; a lag ends the loop with the {@link LaggedError}.
   * Leaving the loop early closes the receiver.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return {
      next: () => this.recv().then((value) => (value === undefined ? DONE : { done: false, value })),
      return: () => {
        this.close();
        return Promise.resolve(DONE);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

/**
 * Creates a broadcast channel whose ring holds `capacity` values (rounded up to a power of two) and
 * its first receiver. Subscribe more with {@link BroadcastSender.subscribe}.
 *
 * @param capacity - an integer from 1 to 2^30 (tokio panics on 0); a non-number throws a `TypeError`,
 *   any other number a `RangeError`. The ring's memory is taken as values are sent, up to the
 *   rounded capacity, not up front.
 *
 * @example
 * ```ts
 * import { broadcast } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = broadcast<string>(3);
 * assert.equal(tx.capacity, 4);
 * tx.send('x');
 * assert.equal(await rx.recv(), 'x');
 * ```
 */
export function broadcast<T extends {} | null>(capacity: number): [BroadcastSender<T>, BroadcastReceiver<T>] {
  checkInteger(capacity, 'capacity', 1, MAX_CAPACITY);
  const shared = new Shared<T>(capacity);
  return [new BroadcastSender(shared), shared.subscribe()];
}
