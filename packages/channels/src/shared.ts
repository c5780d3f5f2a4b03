/** Small pieces every channel of the package shares. */
import { unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core';
import { ChannelClosedError } from './errors';

/**
 * Options of every operation that can wait.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [, rx] = mpsc.channel<number>(1);
 * const ac = new AbortController();
 * const waiting = rx.recv({ signal: ac.signal });
 * ac.abort(new Error('gave up'));
 * await assert.rejects(waiting, /gave up/);
 * ```
 */
export interface WaitOptions {
  /**
   * Aborts the wait: the call rejects with `signal.reason` and leaves no trace (nothing consumed, no
   * waiter left queued, no listener left on the signal).
   * @defaultValue no signal: wait as long as it takes
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * What a non-waiting receive found: a value (`ok: true`), or why there is none. `reason` is `'empty'`
 * when a value may still come, and `'disconnected'` (mpsc, broadcast) or `'closed'` (oneshot) when
 * none ever will; a lagging broadcast receiver gets `'lagged'` with the number it missed.
 *
 * @example
 * ```ts
 * import { mpsc, type TryRecvResult } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.unbounded<number>();
 * tx.send(1);
 * const r: TryRecvResult<number> = rx.tryRecv();
 * assert.equal(r.ok && r.value, 1);
 * ```
 */
export type TryRecvResult<T, Reason extends string = 'empty' | 'disconnected'> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: Reason };

/** @internal */
export const RESOLVED: Promise<undefined> = Promise.resolve(undefined);
/** @internal */
export const EMPTY = Object.freeze({ ok: false, reason: 'empty' } as const);
/** @internal */
export const DISCONNECTED = Object.freeze({ ok: false, reason: 'disconnected' } as const);
/** @internal */
export const CLOSED = Object.freeze({ ok: false, reason: 'closed' } as const);
/** @internal */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** @internal A packed array of `n` holes-free `undefined` slots (V8 keeps it in the fast element kind). */
export function slots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}

/**
 * @internal A waiting receive, send or `select` registration of any channel: a core waiter with the
 * resolvers of its promise, or the `wake` of a `select` (which then takes the value itself).
 */
export class ChannelWaiter<V> extends Waiter {
  resolve: (value: V) => void = noop;
  reject: (reason: unknown) => void = noop;
  readonly wake: (() => void) | undefined;
  constructor(wake: (() => void) | undefined) {
    super();
    this.wake = wake;
  }
  /** Aborted: leave the queue and reject, leaving no trace. */
  onAbort(reason: unknown): void {
    this.queue?.remove(this);
    this.reject(reason);
  }
}

/** @internal Fills in `waiter`'s resolvers and returns its promise. */
export function promiseFor<V>(waiter: ChannelWaiter<V>): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    waiter.resolve = resolve;
    waiter.reject = reject;
  });
}

/**
 * @internal A gate that opens once and stays open: what `closed()` of a sender waits for. A wait
 * without a signal gets one promise shared by every such call, created only when first asked for; a
 * wait with a signal gets a waiter of its own, so that an abort takes it out again.
 */
export class Latch {
  isOpen = false;
  private promise: Promise<undefined> | undefined = undefined;
  private resolveFn: ((value: undefined) => void) | undefined = undefined;
  private readonly waiters = new WaitQueue<ChannelWaiter<undefined>>();

  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.resolveFn?.(undefined);
    let w: ChannelWaiter<undefined> | undefined;
    while ((w = this.waiters.shift()) !== undefined) {
      unwatchAbort(w);
      w.resolve(undefined);
    }
  }

  wait(signal: AbortSignal | undefined): Promise<undefined> {
    if (signal === undefined) {
      if (this.isOpen) return RESOLVED;
      return (this.promise ??= new Promise<undefined>((resolve) => {
        this.resolveFn = resolve;
      }));
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.isOpen) return RESOLVED;
    const w = new ChannelWaiter<undefined>(undefined);
    const promise = promiseFor(w);
    this.waiters.push(w);
    watchAbort(w, signal);
    return promise;
  }
}

/** @internal What a channel's shared state offers its sender handles. */
export interface SenderCount {
  senders: number;
  /** One sender handle closed; the state wakes its receivers once none is left. */
  senderClosed(): void;
}

/**
 * @internal A sender handle of any channel: the shared state, and this handle's own closing (Rust's
 * drop of one clone).
 */
export abstract class SenderHandle<S extends SenderCount> {
  /** @internal */
  protected readonly shared: S;
  /** @internal Whether this handle is closed. */
  protected isShut = false;
  /** @internal */
  constructor(shared: S) {
    this.shared = shared;
  }

  /** @internal Counts one more sender, for `clone`. */
  protected share(): S {
    if (this.isShut) throw new ChannelClosedError(undefined, 'cannot clone a closed sender');
    this.shared.senders++;
    return this.shared;
  }

  /**
   * Closes this handle (Rust's drop of a sender). Once every sender is closed the receivers see the
   * end, after what is still buffered. Idempotent.
   */
  close(): void {
    if (this.isShut) return;
    this.isShut = true;
    this.shared.senderClosed();
  }

  /** Same as {@link close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

function noop(): void {}
