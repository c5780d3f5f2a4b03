import { SenderHandle } from '../shared';
import type { Chan } from './chan';

/** What both kinds of mpsc sender share: the channel, and the handle's own closing. */
export abstract class MpscSender<T> extends SenderHandle<Chan<T>> {
  /** Whether the receiver is closed, so that sends fail. */
  isClosed(): boolean {
    return this.shared.rxClosed;
  }

  /**
   * Resolves when the receiver closes, and stays resolved.
   *
   * **Cancel safety:** safe; every call returns the same promise.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   *
   * const [tx, rx] = mpsc.channel<number>(1);
   * setTimeout(() => rx.close(), 0);
   * await tx.closed();
   * ```
   */
  closed(): Promise<void> {
    return this.shared.rxClosedLatch.wait();
  }
}
