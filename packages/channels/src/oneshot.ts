/**
 * A channel for exactly one value: the reply slot of a request ({@link oneshot}).
 *
 * # Implementation notes
 *
 * The state is one small object: the value (once sent), whether it was taken, whether either side
 * closed, and a core waiter queue holding awaiting receives and `select` registrations. `send` hands
 * the value straight to the oldest plain receive, or stores it and wakes the `select`s, which take it
 * through `[selectTry]`.
 */
import type { Selectable, WaitOptions } from '@async/core';
import {
  implementSelectable,
  selectTry,
  selectWait,
  unwatchAbort,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { ChannelClosedError } from './errors';
import { Latch } from './latch';
import { CLOSED, EMPTY, type TryRecvResult } from './shared';
import { signalOf } from './validate';
import { ChannelWaiter } from './waiter';

const PENDING = 0;
const FULL = 1;
/** Taken, or the sender closed unsent: nothing will ever come. */
const DONE = 2;

class State<T> {
  phase = PENDING;
  value: T | undefined = undefined;
  txClosed = false;
  rxClosed = false;
  readonly waiters = new WaitQueue<ChannelWaiter<T>>();
  readonly rxClosedLatch = new Latch();

  take(): T {
    const value = this.value as T;
    this.value = undefined;
    this.phase = DONE;
    return value;
  }

  /** Serves waiters after the value arrived or the sender closed. */
  settle(): void {
    let w: ChannelWaiter<T> | undefined;
    while ((w = this.waiters.shift()) !== undefined) {
      unwatchAbort(w);
      if (w.wake !== undefined) w.wake();
      else if (this.phase === FULL) w.resolve(this.take());
      else w.reject(new ChannelClosedError(undefined));
    }
  }

  closeRx(): void {
    if (this.rxClosed) return;
    this.rxClosed = true;
    this.rxClosedLatch.open();
    if (this.phase === PENDING) {
      this.phase = DONE;
      this.settle();
    }
  }
}

/**
 * The sending half of a {@link oneshot} channel.
 *
 * @example
 * ```ts
 * import { oneshot } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = oneshot<string>();
 * rx.close(); // the requester gave up
 * assert.equal(tx.isClosed(), true);
 * assert.equal(tx.send('unwanted'), false);
 * ```
 */
export class OneshotSender<T> {
  #state: State<T>;
  /** @internal */
  constructor(state: State<T>) {
    this.#state = state;
  }

  /**
   * Sends the value, synchronously. Returns `true` if it was stored for the receiver, `false` if the
   * receiver is already closed (the value stays yours). `true` does not mean the receiver will read
   * it: it may close first. The sender is used up either way.
   *
   * @throws {@link ChannelClosedError} carrying `value` when this sender was already used or closed.
   *
   * @example
   * ```ts
   * import { oneshot } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = oneshot<number>();
   * assert.equal(tx.send(42), true);
   * assert.equal(await rx, 42);
   * ```
   */
  send(value: T): boolean {
    const state = this.#state;
    if (state.txClosed) throw new ChannelClosedError(value, 'oneshot sender already used');
    state.txClosed = true;
    if (state.rxClosed) return false;
    state.phase = FULL;
    state.value = value;
    if (state.waiters.size > 0) state.settle();
    return true;
  }

  /**
   * Closes the sender without sending (Rust's drop): the receiver rejects with a
   * {@link ChannelClosedError}. Idempotent; does nothing after a send.
   */
  close(): void {
    const state = this.#state;
    if (state.txClosed) return;
    state.txClosed = true;
    if (state.phase === PENDING) {
      state.phase = DONE;
      state.settle();
    }
  }

  /** Same as {@link close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Whether the receiver is closed, so that a send would fail. */
  isClosed(): boolean {
    return this.#state.rxClosed;
  }

  /**
   * Resolves when the receiver closes, and stays resolved: a responder can stop working on a request
   * nobody waits for any more. Rejects with `signal.reason` when aborted first.
   *
   * **Cancel safety:** safe: waiting consumes nothing. Calls without a signal share one promise; an
   * aborted call leaves no waiter and no listener behind.
   *
   * @example
   * ```ts
   * import { oneshot } from '@async/channels';
   *
   * const [tx, rx] = oneshot<string>();
   * rx.close();
   * await tx.closed();
   * ```
   */
  closed(options?: WaitOptions): Promise<void> {
    return this.#state.rxClosedLatch.wait(signalOf(options));
  }
}

/**
 * The receiving half of a {@link oneshot} channel: await it (it is a thenable), call {@link recv}
 * for a signal, or use it as a `select` branch.
 *
 * @example
 * ```ts
 * import { oneshot } from '@async/channels';
 * import { select } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const [tx, reply] = oneshot<number>();
 * setTimeout(() => tx.send(7), 0);
 * const r = await select({ reply, never: new Promise<number>(() => {}) });
 * assert.deepEqual(r, { key: 'reply', value: 7 });
 * ```
 */
export class OneshotReceiver<T> implements Selectable<T>, PromiseLike<T> {
  #state: State<T>;
  /** @internal */
  constructor(state: State<T>) {
    this.#state = state;
  }

  /**
   * Waits for the value. Rejects with a {@link ChannelClosedError} if the sender closed without
   * sending, or if the value was already taken; with `signal.reason` when aborted.
   *
   * **Cancel safety:** safe: an aborted receive leaves the value for the next one.
   *
   * @example
   * ```ts
   * import { ChannelClosedError, oneshot } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = oneshot<string>();
   * tx.close();
   * await assert.rejects(rx.recv(), ChannelClosedError.is);
   * ```
   */
  recv(options?: WaitOptions): Promise<T> {
    const state = this.#state;
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (state.phase === FULL) return Promise.resolve(state.take());
    if (state.phase === DONE) return Promise.reject(new ChannelClosedError(undefined));
    const w = new ChannelWaiter<T>(state.waiters, undefined);
    const promise = w.promise();
    state.waiters.push(w);
    if (signal !== undefined) watchAbort(w, signal);
    return promise;
  }

  /** Makes the receiver awaitable: `await rx` is `await rx.recv()`. */
  // biome-ignore lint/suspicious/noThenProperty: the receiver is meant to be awaited, as tokio's is
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.recv().then(onfulfilled, onrejected);
  }

  /**
   * Takes the value if it is there, without waiting: `{ ok: true, value }`, or `{ ok: false, reason }`
   * with `'empty'` (it may still come) or `'closed'` (the sender closed unsent, the receiver closed, or
   * the value was already taken).
   *
   * @example
   * ```ts
   * import { oneshot } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = oneshot<number>();
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'empty' });
   * tx.send(1);
   * assert.deepEqual(rx.tryRecv(), { ok: true, value: 1 });
   * assert.deepEqual(rx.tryRecv(), { ok: false, reason: 'closed' });
   * ```
   */
  tryRecv(): TryRecvResult<T, 'empty' | 'closed'> {
    const state = this.#state;
    if (state.phase === FULL) return { ok: true, value: state.take() };
    return state.phase === DONE ? CLOSED : EMPTY;
  }

  /**
   * Closes the receiver: a later send fails and the sender's `closed()` resolves. A value sent
   * before still can be read with {@link tryRecv} or {@link recv}. Idempotent.
   */
  close(): void {
    this.#state.closeRx();
  }

  /** Closes the receiver and drops a value not taken yet. */
  [Symbol.dispose](): void {
    const state = this.#state;
    state.closeRx();
    if (state.phase === FULL) state.take();
  }

  /** The select protocol: takes the value, or fails once none can come. @hidden */
  declare [selectTry]: () => { value: T } | undefined;
  /** The select protocol. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      const state = this.#state;
      if (state.phase === FULL) return { value: state.take() };
      if (state.phase === DONE) throw new ChannelClosedError(undefined);
      return undefined;
    },
    wait(wake) {
      const state = this.#state;
      const w = new ChannelWaiter(state.waiters, wake);
      state.waiters.push(w);
      return () => {
        state.waiters.remove(w);
      };
    },
  });
}

/**
 * Creates a channel for a single value, typically a reply: send the sender along with a request,
 * and await the receiver.
 *
 * @example
 * ```ts
 * import { mpsc, oneshot, type OneshotSender } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [requests, inbox] = mpsc.channel<{ n: number; reply: OneshotSender<number> }>(8);
 * const server = (async () => {
 *   for await (const { n, reply } of inbox) reply.send(n * 2);
 * })();
 * const [reply, response] = oneshot<number>();
 * await requests.send({ n: 21, reply });
 * assert.equal(await response, 42);
 * requests.close();
 * await server;
 * ```
 */
export function oneshot<T>(): [OneshotSender<T>, OneshotReceiver<T>] {
  const state = new State<T>();
  return [new OneshotSender(state), new OneshotReceiver(state)];
}
