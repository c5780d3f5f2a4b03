/**
 * Multi-producer, multi-consumer broadcast: every receiver sees every value sent after it subscribed
 * ({@link broadcast}).
 *
 * # Implementation notes
 *
 * One ring of `capacity` slots (rounded up to a power of two, as tokio does) is shared by all
 * receivers, so memory is O(capacity) whatever the number of receivers. Each slot keeps its value, the
 * position it was written at, and how many receivers have still to read it; the last reader (or a
 * receiver closing) drops the value so it can be collected. A receiver is just a position. It lagged
 * when the slot at its position holds a later one: it is told how many it missed and moves to the
 * oldest value still held. Waiting receives of all receivers share one core waiter queue; a send
 * hands each plain receive its value directly and wakes the `select`s.
 */
import {
  type Selectable,
  selectTry,
  selectWait,
  unwatchAbort,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { ChannelClosedError, checkCapacity, LaggedError } from './errors';
import {
  ChannelWaiter,
  DISCONNECTED,
  DONE,
  EMPTY,
  promiseFor,
  RESOLVED,
  SenderHandle,
  slots,
  type TryRecvResult,
  type WaitOptions,
} from './shared';

/** A waiting receive of one receiver (or its `select`). */
class BroadcastWaiter<T> extends ChannelWaiter<T | undefined> {
  readonly rx: BroadcastReceiver<T>;
  constructor(rx: BroadcastReceiver<T>, wake: (() => void) | undefined) {
    super(wake);
    this.rx = rx;
  }
}

/** The ring and counts shared by every handle of one broadcast channel. */
class Shared<T> {
  readonly values: (T | undefined)[];
  readonly pos: number[];
  readonly rem: number[];
  readonly mask: number;
  readonly capacity: number;
  /** Position of the next value to be sent. */
  tail = 0;
  senders = 1;
  receivers = 0;
  readonly waiters = new WaitQueue<BroadcastWaiter<T>>();

  constructor(capacity: number) {
    let size = 1;
    while (size < capacity) size *= 2;
    this.capacity = size;
    this.mask = size - 1;
    this.values = slots(size);
    this.pos = [];
    this.rem = [];
    for (let i = 0; i < size; i++) {
      this.pos.push(-1);
      this.rem.push(0);
    }
  }

  /** Wakes every receive waiting now: each plain one gets its value (or the end), selects are woken. */
  notify(): void {
    let n = this.waiters.size;
    while (n-- > 0) {
      const w = this.waiters.shift()!;
      unwatchAbort(w);
      if (w.wake !== undefined) {
        w.wake();
        continue;
      }
      const rx = w.rx;
      if (rx.next === this.tail) w.resolve(undefined);
      else if (this.pos[rx.next & this.mask] !== rx.next) w.reject(this.lag(rx));
      else w.resolve(this.read(rx));
    }
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
    if (--this.senders === 0 && this.waiters.size > 0) this.notify();
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
export class BroadcastSender<T> extends SenderHandle<Shared<T>> {
  /**
   * Sends `value` to every current receiver, synchronously, and returns how many there are. When the
   * ring is full the oldest value is overwritten: receivers that had not read it will lag.
   *
   * @throws {@link ChannelClosedError} carrying `value` when there is no receiver (the value is not
   * kept; a later `subscribe` makes sends work again) or this handle is closed.
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
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(value, 'sender closed');
    const receivers = s.receivers;
    if (receivers === 0) throw new ChannelClosedError(value, 'no receivers');
    const pos = s.tail++;
    const i = pos & s.mask;
    s.values[i] = value;
    s.pos[i] = pos;
    s.rem[i] = receivers;
    if (s.waiters.size > 0) s.notify();
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
    return new BroadcastSender(this.share());
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
export class BroadcastReceiver<T> implements Selectable<T | undefined>, AsyncIterable<T> {
  /** @internal */
  readonly shared: Shared<T>;
  /** @internal Position of the next value to read. */
  next: number;
  #closed = false;
  /** @internal */
  constructor(shared: Shared<T>, next: number) {
    this.shared = shared;
    this.next = next;
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
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closed) return RESOLVED;
    const s = this.shared;
    if (this.next !== s.tail) {
      if (s.pos[this.next & s.mask] !== this.next) return Promise.reject(s.lag(this));
      return Promise.resolve(s.read(this));
    }
    if (s.senders === 0) return RESOLVED;
    const w = new BroadcastWaiter<T>(this, undefined);
    const promise = promiseFor(w);
    s.waiters.push(w);
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
   * Closes this receiver: it counts no more, and the values it had not read are marked read (so the
   * ring can drop them). Idempotent.
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
    let w = s.waiters.peek();
    while (w !== undefined) {
      const after = s.waiters.after(w);
      if (w.rx === this) {
        s.waiters.remove(w);
        unwatchAbort(w);
        if (w.wake !== undefined) w.wake();
        else w.resolve(undefined);
      }
      w = after;
    }
  }

  /** Same as {@link close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** The select protocol: reads the next value, the end, or throws {@link LaggedError}. @hidden */
  [selectTry](): { value: T | undefined } | undefined {
    if (this.#closed) return { value: undefined };
    const s = this.shared;
    if (this.next !== s.tail) {
      if (s.pos[this.next & s.mask] !== this.next) throw s.lag(this);
      return { value: s.read(this) };
    }
    return s.senders === 0 ? { value: undefined } : undefined;
  }

  /** The select protocol. @hidden */
  [selectWait](wake: () => void): () => void {
    const s = this.shared;
    const w = new BroadcastWaiter<T>(this, wake);
    s.waiters.push(w);
    return () => {
      s.waiters.remove(w);
    };
  }

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
 * @param capacity - a positive integer; anything else throws a `RangeError` (tokio panics on 0).
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
export function broadcast<T>(capacity: number): [BroadcastSender<T>, BroadcastReceiver<T>] {
  checkCapacity(capacity);
  const shared = new Shared<T>(capacity);
  return [new BroadcastSender(shared), shared.subscribe()];
}
