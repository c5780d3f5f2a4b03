/** Small pieces every channel of the package shares. */
import { ChannelClosedError } from './errors';

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

// Constants shared by the channels' hot paths, so that they allocate nothing.
export const RESOLVED: Promise<undefined> = /* @__PURE__ */ Promise.resolve(undefined);
export const EMPTY = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'empty' } as const);
export const DISCONNECTED = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'disconnected' } as const);
export const CLOSED = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'closed' } as const);
export const DONE: IteratorReturnResult<undefined> = /* @__PURE__ */ Object.freeze({
  done: true,
  value: undefined,
});

/** A packed array of `n` holes-free `undefined` slots (V8 keeps it in the fast element kind). */
export function slots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}

/** What a channel's shared state offers its sender handles. */
export interface SenderCount {
  senders: number;
  /** One sender handle closed; the state wakes its receivers once none is left. */
  senderClosed(): void;
}

/**
 * A sender handle of any channel: the shared state, and this handle's own closing (Rust's drop of one
 * clone). Its declaration ships, as the base of the public senders; its members stay internal.
 *
 * Not generic over the state's type: a public sender's declaration would then name its channel's
 * internal state class (`extends SenderHandle<Chan<T>>`), and the `.d.ts` would have to declare that
 * class and everything it names. Each sender narrows `shared` with a `declare` field instead.
 * @hidden
 */
export abstract class SenderHandle {
  /** @internal */
  protected readonly shared: SenderCount;
  /** @internal Whether this handle is closed. */
  protected isShut = false;
  /** @internal */
  constructor(shared: SenderCount) {
    this.shared = shared;
  }

  /** @internal Counts one more sender on the same state, for `clone`; throws if this handle is closed. */
  protected addSender(): void {
    if (this.isShut) throw new ChannelClosedError(undefined, 'cannot clone a closed sender');
    this.shared.senders++;
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
