/** Helpers shared by the time-based operators, all on `@async/time`'s clock. */
import { type Clock, getDefaultClock } from '@async/core';
import { checkClock, checkOptions, selectWait } from '@async/core/protocol';
import type { Sleep } from '@async/time';
import { PullIterator, returnOf } from './flow';

/**
 * Options of the time-based operators.
 *
 * @example
 * ```ts
 * import { pipe, throttle } from '@async/stream';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * const clock = new TestClock({ autoAdvance: true }); // not installed: passed explicitly
 * const times: number[] = [];
 * for await (const _ of pipe([1, 2], throttle(1000, { clock }))) times.push(clock.now());
 * assert.deepEqual(times, [0, 1000]);
 * ```
 */
export interface TimeOptions {
  /**
   * The clock to measure on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read when iteration starts
   */
  readonly clock?: Clock;
}

/** Checks the options of a time-based operator when it is built. */
export function checkTimeOptions(options: TimeOptions | undefined, name: string): void {
  checkOptions(options, name, ['clock']);
  if (options?.clock !== undefined) checkClock(options.clock, `${name}.clock`);
}

export function clockOf(options: TimeOptions | undefined): Clock {
  return options?.clock ?? getDefaultClock();
}

const TIMER_WON: unique symbol = Symbol('timer');

/**
 * Whichever of `item` and `timer` comes first: the item's result, or `TIMER_WON` once the timer has
 * elapsed (or was cancelled). The loser keeps running: a pull in flight is kept for the next call, so
 * racing a timer loses no item. The timer is watched through the select protocol, whose registration
 * leaves when the race is over: racing one batch timer against many items keeps nothing per item
 * (`Promise.race` would leave a reaction on the timer per item until it fires).
 */
export function raceTimer<T>(item: PromiseLike<T>, timer: Sleep): Promise<T | typeof TIMER_WON> {
  return new Promise<T | typeof TIMER_WON>((resolve, reject) => {
    let unregister: (() => void) | undefined;
    item.then(
      (value) => {
        unregister?.();
        resolve(value);
      },
      (error: unknown) => {
        unregister?.();
        reject(error);
      },
    );
    // The wake is passed on a microtask later, so that an item already there wins over a timer that
    // has already elapsed, as the item's reaction was queued first (tokio polls the stream first too).
    unregister = timer[selectWait](() => {
      RESOLVED.then(() => resolve(TIMER_WON));
    });
  });
}

const RESOLVED = /* @__PURE__ */ Promise.resolve();

export { TIMER_WON };

/**
 * Base of the time-based operators: a source pulled at most once at a time (the pull in flight is kept
 * across timer races), one timer, and a `return()` that cancels the timer and ends the source.
 */
export abstract class TimedIterator<A, R> extends PullIterator<R> {
  protected iterator: AsyncIterator<A> | undefined = undefined;
  protected inFlight: Promise<IteratorResult<A>> | undefined = undefined;
  protected timer: Sleep | undefined = undefined;
  protected readonly source: AsyncIterable<A>;
  protected readonly ms: number;
  protected readonly clock: Clock;

  constructor(source: AsyncIterable<A>, ms: number, clock: Clock) {
    super();
    this.source = source;
    this.ms = ms;
    this.clock = clock;
  }

  /** Cancels the timer, if one is set. */
  protected disarm(): void {
    this.timer?.[Symbol.dispose]();
    this.timer = undefined;
  }

  protected stop(): Promise<unknown> | undefined {
    this.disarm();
    const it = this.iterator;
    if (it?.return === undefined) return undefined;
    const returned = returnOf(it);
    // With a pull in flight an async generator cannot return before it settles: do not wait for it.
    return this.inFlight === undefined ? returned : undefined;
  }
}
