import type { WaitOptions } from '@async/core';
import { SenderHandle } from '../shared';
import { signalOf } from '../validate';
import type { Chan } from './chan';

/**
 * What both kinds of mpsc sender share: the channel, and the handle's own closing.
 * @hidden
 */
export abstract class MpscSender<T extends {} | null> extends SenderHandle {
  /** @internal */
  declare protected readonly shared: Chan<T>;

  /** Whether the receiver is closed, so that sends fail. */
  isClosed(): boolean {
    return this.shared.rxClosed;
  }

  /**
   * Resolves when the receiver closes, and stays resolved. Rejects with `signal.reason` when
   * aborted first.
   *
   * **Cancel safety:** safe: waiting consumes nothing. Calls without a signal share one promise; an
   * aborted call leaves no waiter and no listener behind.
   *
   * @example
   * ```ts
   * import { mpsc } from '@async/channels';
   * import assert from 'node:assert/strict';
   *
   * const [tx, rx] = mpsc.channel<number>(1);
   * setTimeout(() => rx.close(), 0);
   * await tx.closed();
   *
   * const [tx2] = mpsc.channel<number>(1);
   * await assert.rejects(tx2.closed({ signal: AbortSignal.timeout(1) }), { name: 'TimeoutError' });
   * ```
   */
  closed(options?: WaitOptions): Promise<void> {
    return this.shared.rxClosedLatch.wait(signalOf(options));
  }
}
