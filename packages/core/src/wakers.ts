/**
 * `Wakers`: the registrations of `select` on one selectable, for implementers of the select protocol
 * whose readiness is an event (a token cancelled, a timer fired) rather than an item in a queue.
 */
import { Waiter, WaitQueue } from './wait-queue';

class Wake extends Waiter {
  constructor(readonly wake: () => void) {
    super();
  }
  onAbort(): void {}
}

/**
 * A FIFO list of `select` wake-ups: `add` is what a `[selectWait]` implementation returns,
 * `wakeAll`/`wakeOne` is what the selectable calls once it is ready.
 */
export class Wakers {
  private readonly queue = new WaitQueue<Wake>();

  /** How many registrations are pending. */
  get size(): number {
    return this.queue.size;
  }

  /** Registers `wake`; returns its idempotent unregistration. */
  add(wake: () => void): () => void {
    const node = new Wake(wake);
    this.queue.push(node);
    return () => {
      this.queue.remove(node);
    };
  }

  /** Wakes the oldest registration, removing it. Returns whether there was one. */
  wakeOne(): boolean {
    const node = this.queue.shift();
    node?.wake();
    return node !== undefined;
  }

  /**
   * Wakes every registration present now, oldest first, removing them. A `wake` that throws does not
   * keep the others from being woken: the first error is rethrown once all have been.
   */
  wakeAll(): void {
    let failure: { error: unknown } | undefined;
    for (let n = this.queue.size; n > 0; n--) {
      const node = this.queue.shift();
      if (node === undefined) break;
      try {
        node.wake();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}
