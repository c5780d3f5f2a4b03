import { ChannelClosedError } from '../errors';
import { checkMessage } from '../validate';
import { Chan } from './chan';
import { Receiver } from './receiver';
import { MpscSender } from './sender';

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
export class UnboundedSender<T extends {} | null> extends MpscSender<T> {
  /**
   * Sends `value` at once; there is no backpressure, so memory is the only bound.
   * @throws {@link ChannelClosedError} carrying `value` back when the receiver (or this handle) is closed;
   * `TypeError` for `value` `undefined`, which a receive could not tell from the end of the channel.
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
    checkMessage(value);
    const chan = this.shared;
    if (this.isShut || chan.rxClosed) throw new ChannelClosedError(value);
    if (chan.rxWaiters.size === 0) chan.bufPush(value);
    else chan.enqueue(value);
  }

  /** A new sender on the same channel. Throws a {@link ChannelClosedError} if this handle is closed. */
  clone(): UnboundedSender<T> {
    this.addSender();
    return new UnboundedSender(this.shared);
  }
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
export function unbounded<T extends {} | null>(): [UnboundedSender<T>, Receiver<T>] {
  const chan = new Chan<T>(Number.POSITIVE_INFINITY);
  return [new UnboundedSender(chan), new Receiver(chan)];
}
