/** The waiter of every channel's receive, and of its `select` registrations. */
import { PromiseWaiter, type WaitQueue } from '@async/core/protocol';

/**
 * A waiting receive (or `closed()`) of any channel, in the queue it came to (`home`): a core
 * promise waiter, or, for a `select` registration, the select's `wake` (the select then takes the
 * value itself, so a losing branch consumes nothing).
 */
export class ChannelWaiter<V> extends PromiseWaiter<V> {
  readonly home: WaitQueue<ChannelWaiter<V>>;
  readonly wake: (() => void) | undefined;
  constructor(home: WaitQueue<ChannelWaiter<V>>, wake: (() => void) | undefined) {
    super();
    this.home = home;
    this.wake = wake;
  }
  /** Aborted: leave the queue and reject, leaving no trace. */
  onAbort(reason: unknown): void {
    this.home.remove(this);
    this.reject(reason);
  }
}

/**
 * Calls the `wake` of select registrations taken out of their queues, after the hand-off
 * loop that took them out has finished: a wake runs the select's code, which takes a value and drops
 * its other registrations, and must not do so while that loop walks the queues.
 */
export function wakeAll(wakes: (() => void)[] | undefined): void {
  if (wakes === undefined) return;
  for (let i = 0; i < wakes.length; i++) wakes[i]!();
}
