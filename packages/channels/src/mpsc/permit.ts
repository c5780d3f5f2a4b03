import { checkMessage } from '../validate';
import type { Chan } from './chan';

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
export class Permit<T extends {} | null> {
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
   * @throws `RangeError` when every slot of the permit is used or released; `TypeError` for `value`
   * `undefined`, which a receive could not tell from the end of the channel.
   */
  send(value: T): void {
    checkMessage(value);
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
