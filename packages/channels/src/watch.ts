/**
 * A single value that many receivers observe: each sees the latest one, and can wait for the next
 * change ({@link watch}).
 *
 * # Implementation notes
 *
 * The state is the value and a version that every notifying send increments. A receiver remembers
 * the version it has seen; it has an unseen change when the two differ. Each receiver keeps its
 * waiting `changed()` calls in a queue of its own (see `receiver-queue.ts`): a send wakes every
 * receiver that waits, and a receiver closing ends only its own calls.
 */
import type { Selectable, WaitOptions } from '@async/core';
import { implementSelectable, selectTry, selectWait, unwatchAbort, watchAbort } from '@async/core/protocol';
import { ChannelClosedError } from './errors';
import { Latch } from './latch';
import { ReceiverQueue, WaitingReceivers } from './receiver-queue';
import { RESOLVED, SenderHandle } from './shared';
import { signalOf } from './validate';
import { ChannelWaiter, wakeAll } from './waiter';

/** A waiting `changed()` of one receiver (or its `select`). */
type WatchWaiter = ChannelWaiter<undefined>;

class Shared<T> {
  value: T;
  version = 0;
  senders = 1;
  receivers = 0;
  readonly waiting = new WaitingReceivers<WatchWaiter>();
  /** Opens when the last receiver closes; replaced when a receiver subscribes again. */
  noReceivers = new Latch();

  constructor(value: T) {
    this.value = value;
  }

  /** Wakes every waiting `changed()`: after a notifying send (they resolve) or the last sender closing. */
  notify(): void {
    let wakes: (() => void)[] | undefined;
    for (let queue = this.waiting.head; queue !== undefined; ) {
      const next = queue.listedNext; // emptying `queue` takes it out of the list, nothing else
      wakes = endWaits(queue, undefined, wakes);
      queue = next;
    }
    wakeAll(wakes);
  }

  changed(): void {
    this.version++;
    if (this.waiting.head !== undefined) this.notify();
  }

  subscribe(): WatchReceiver<T> {
    if (this.receivers++ === 0 && this.noReceivers.isOpen) this.noReceivers = new Latch();
    return new WatchReceiver(this, this.version);
  }

  senderClosed(): void {
    if (--this.senders === 0 && this.waiting.head !== undefined) this.notify();
  }

  receiverClosed(): void {
    if (--this.receivers === 0) this.noReceivers.open();
  }
}

/**
 * The sending half of a {@link watch} channel.
 *
 * @example
 * ```ts
 * import { watch } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [state, rx] = watch<'starting' | 'ready'>('starting');
 * setTimeout(() => state.send('ready'), 0);
 * await rx.changed();
 * assert.equal(rx.borrow(), 'ready');
 * ```
 */
export class WatchSender<T> extends SenderHandle {
  /** @internal */
  declare protected readonly shared: Shared<T>;

  /**
   * Replaces the value and notifies every receiver.
   *
   * @throws {@link ChannelClosedError} carrying `value` when there is no receiver; the value is then
   * **not** stored (use {@link sendReplace} to store it anyway), or when this handle is closed.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch('v1');
   * tx.send('v2');
   * await rx.changed();
   * assert.equal(rx.borrowAndUpdate(), 'v2');
   * ```
   */
  send(value: T): void {
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(value, 'sender closed');
    if (s.receivers === 0) throw new ChannelClosedError(value, 'no receivers');
    s.value = value;
    s.changed();
  }

  /** Replaces the value even with no receiver, notifies, and returns the previous value. */
  sendReplace(value: T): T {
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(value, 'sender closed');
    const previous = s.value;
    s.value = value;
    s.changed();
    return previous;
  }

  /**
   * Modifies the value in place (`modify` mutates it, or returns a replacement) and notifies, even
   * with no receiver.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch({ hits: 0 });
   * tx.sendModify((state) => {
   *   state.hits++;
   * });
   * tx.sendModify((n) => ({ hits: n.hits + 1 }));
   * assert.equal(rx.borrow().hits, 2);
   * assert.equal(rx.hasChanged(), true);
   * ```
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that mutates in place returns nothing
  sendModify(modify: (value: T) => T | undefined | void): void {
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(undefined, 'sender closed');
    const next = modify(s.value);
    if (next !== undefined) s.value = next;
    s.changed();
  }

  /**
   * Lets `modify` change the value in place and notifies only if it returns `true` (a `false`
   * leaves any change silent). Returns what `modify` returned.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch({ max: 10 });
   * const raise = (to: number) => tx.sendIfModified((s) => (to > s.max ? ((s.max = to), true) : false));
   * assert.equal(raise(5), false);
   * assert.equal(rx.hasChanged(), false);
   * assert.equal(raise(20), true);
   * assert.equal(rx.hasChanged(), true);
   * ```
   */
  sendIfModified(modify: (value: T) => boolean): boolean {
    const s = this.shared;
    if (this.isShut) throw new ChannelClosedError(undefined, 'sender closed');
    const modified = modify(s.value);
    if (modified) s.changed();
    return modified;
  }

  /** The current value (not a copy). */
  borrow(): T {
    return this.shared.value;
  }

  /**
   * A new receiver; the current value counts as seen. It reopens a channel that had no receiver.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch(0);
   * rx.close();
   * assert.throws(() => tx.send(1));
   * const again = tx.subscribe();
   * tx.send(2);
   * assert.equal(again.borrowAndUpdate(), 2);
   * ```
   */
  subscribe(): WatchReceiver<T> {
    return this.shared.subscribe();
  }

  /** How many receivers are open. */
  get receiverCount(): number {
    return this.shared.receivers;
  }

  /** Whether no receiver is open, so that {@link send} fails. */
  isClosed(): boolean {
    return this.shared.receivers === 0;
  }

  /**
   * Resolves when no receiver is open (at once if none is). Rejects with `signal.reason` when
   * aborted first.
   *
   * **Cancel safety:** safe: waiting consumes nothing; an aborted call leaves no waiter and no
   * listener behind.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   *
   * const [tx, rx] = watch('config');
   * const ac = new AbortController();
   * const gone = tx.closed({ signal: ac.signal });
   * rx.close();
   * await gone;
   * ```
   */
  closed(options?: WaitOptions): Promise<void> {
    return this.shared.noReceivers.wait(signalOf(options));
  }

  /** A new sender on the same channel. Throws a {@link ChannelClosedError} if this handle is closed. */
  clone(): WatchSender<T> {
    this.addSender();
    return new WatchSender(this.shared);
  }
}

/**
 * A receiving half of a {@link watch} channel. As a `select` branch it stands for {@link changed}:
 * it completes with the new value, marking it seen.
 *
 * @example
 * ```ts
 * import { watch } from '@async/channels';
 * import { select } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const [tx, config] = watch({ level: 'info' });
 * tx.send({ level: 'debug' });
 * const r = await select({ config, never: new Promise<never>(() => {}) });
 * assert.equal(r.key === 'config' && r.value.level, 'debug');
 * ```
 */
export class WatchReceiver<T> implements Selectable<T> {
  #shared: Shared<T>;
  #seen: number;
  #closed = false;
  readonly #waiters: ReceiverQueue<WatchWaiter>;
  /** @internal */
  constructor(shared: Shared<T>, seen: number) {
    this.#shared = shared;
    this.#seen = seen;
    this.#waiters = new ReceiverQueue(shared.waiting);
  }

  /** The current value, without marking it seen. */
  borrow(): T {
    return this.#shared.value;
  }

  /** The current value, marking it seen. */
  borrowAndUpdate(): T {
    const s = this.#shared;
    this.#seen = s.version;
    return s.value;
  }

  /**
   * Whether a change has not been seen yet.
   * @throws {@link ChannelClosedError} when every sender is closed (as tokio's `has_changed`).
   */
  hasChanged(): boolean {
    const s = this.#shared;
    if (s.senders === 0) throw new ChannelClosedError(undefined);
    return this.#seen !== s.version;
  }

  /** Marks the current value unseen, so the next `changed()` returns at once. */
  markChanged(): void {
    this.#seen = this.#shared.version - 1;
  }

  /** Marks the current value seen. */
  markUnchanged(): void {
    this.#seen = this.#shared.version;
  }

  /**
   * Waits for a value this receiver has not seen, and marks it seen. Resolves at once if the current
   * value is unseen. Rejects with a {@link ChannelClosedError} when every sender is closed and the
   * value is seen.
   *
   * **Cancel safety:** safe: an aborted call marks nothing seen.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch(0);
   * setTimeout(() => tx.send(1), 0);
   * await rx.changed();
   * assert.equal(rx.borrow(), 1);
   * ```
   */
  changed(options?: WaitOptions): Promise<void> {
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const s = this.#shared;
    if (this.#seen !== s.version) {
      this.#seen = s.version;
      return RESOLVED as Promise<undefined>;
    }
    if (s.senders === 0 || this.#closed) return Promise.reject(new ChannelClosedError(undefined));
    const w: WatchWaiter = new ChannelWaiter(this.#waiters, undefined);
    // Woken, the change may already be seen by another wait of this receiver: then wait again, under
    // the same signal.
    const promise = w.promise().then(() => this.changed(options));
    this.#waiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /**
   * Waits until `predicate` holds for the value and returns that value, marking it seen. The
   * current value is tested first, even if seen; values may be skipped between two tests. Rejects
   * with a {@link ChannelClosedError} if every sender closes first.
   *
   * **Cancel safety:** safe.
   *
   * @example
   * ```ts
   * import { watch } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = watch('starting');
   * setTimeout(() => tx.send('ready'), 0);
   * assert.equal(await rx.waitFor((s) => s === 'ready'), 'ready');
   * ```
   */
  async waitFor(predicate: (value: T) => boolean, options?: WaitOptions): Promise<T> {
    for (;;) {
      const value = this.borrowAndUpdate();
      if (predicate(value)) return value;
      await this.changed(options);
    }
  }

  /** A new receiver on the same channel that has seen what this one has. */
  clone(): WatchReceiver<T> {
    const s = this.#shared;
    s.receivers++;
    return new WatchReceiver(s, this.#seen);
  }

  /** Closes this receiver: it no longer counts, and its `changed()` rejects. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const s = this.#shared;
    s.receiverClosed();
    const waiters = this.#waiters;
    if (waiters.size > 0) wakeAll(endWaits(waiters, new ChannelClosedError(undefined), undefined));
  }

  /** Same as {@link close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** The select protocol: the new value (marked seen), or a closed error. @hidden */
  declare [selectTry]: () => { value: T } | undefined;
  /** The select protocol. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      const s = this.#shared;
      if (this.#seen !== s.version) {
        this.#seen = s.version;
        return { value: s.value };
      }
      if (s.senders === 0 || this.#closed) throw new ChannelClosedError(undefined);
      return undefined;
    },
    wait(wake) {
      const queue = this.#waiters;
      const w: WatchWaiter = new ChannelWaiter(queue, wake);
      queue.push(w);
      return () => {
        queue.remove(w);
      };
    },
  });
}

/**
 * Takes every waiter out of `queue`: a plain `changed()` resolves (or rejects with `error`, when
 * given), a `select`'s wake is added to `wakes`, to be called once the caller's walk is over.
 */
function endWaits(
  queue: ReceiverQueue<WatchWaiter>,
  error: unknown,
  wakes: (() => void)[] | undefined,
): (() => void)[] | undefined {
  let w: WatchWaiter | undefined;
  while ((w = queue.shift()) !== undefined) {
    unwatchAbort(w);
    if (w.wake !== undefined) (wakes ??= []).push(w.wake);
    else if (error === undefined) w.resolve(undefined);
    else w.reject(error);
  }
  return wakes;
}

/**
 * Creates a watch channel holding `initial`, which its first receiver has already seen.
 *
 * @example
 * ```ts
 * import { watch } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [config, rx] = watch({ level: 'info' });
 * assert.equal(rx.hasChanged(), false);
 * config.send({ level: 'debug' });
 * assert.equal(rx.hasChanged(), true);
 * assert.equal(rx.borrowAndUpdate().level, 'debug');
 * ```
 */
export function watch<T>(initial: T): [WatchSender<T>, WatchReceiver<T>] {
  const shared = new Shared(initial);
  return [new WatchSender(shared), shared.subscribe()];
}
