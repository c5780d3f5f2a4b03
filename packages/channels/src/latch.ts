/** The gate a sender's `closed()` waits on. */
import { unwatchAbort, WaitQueue, watchAbort } from '@async/core/protocol';
import { RESOLVED } from './shared';
import { ChannelWaiter } from './waiter';

/**
 * A gate that opens once and stays open: what `closed()` of a sender waits for. A wait
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
    const w = new ChannelWaiter<undefined>(this.waiters, undefined);
    const promise = w.promise();
    this.waiters.push(w);
    watchAbort(w, signal);
    return promise;
  }
}
