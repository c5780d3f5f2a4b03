/** Helpers shared by the time-based operators, all on `@async/time`'s clock. */
import { type Clock, getDefaultClock } from '@async/core';
import type { Sleep } from '@async/time';
import { ignore, PullIterator } from './flow';

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

/** Throws a `RangeError` unless `ms` is a finite number ≥ 0. */
export function checkMs(ms: number, name: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${String(ms)}`);
}

export function clockOf(options: TimeOptions | undefined): Clock {
  return options?.clock ?? getDefaultClock();
}

const TIMER_WON: unique symbol = Symbol('timer');

/**
 * Whichever of `item` and `timer` settles first: the item's result, or `TIMER_WON`. The loser keeps
 * running: a pull in flight is kept for the next call, so racing a timer loses no item.
 */
export function raceTimer<T>(item: Promise<T>, timer: PromiseLike<void>): Promise<T | typeof TIMER_WON> {
  return Promise.race([item, Promise.resolve(timer).then((): typeof TIMER_WON => TIMER_WON)]);
}

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
    const returned = Promise.resolve(it.return()).catch(ignore);
    // With a pull in flight an async generator cannot return before it settles: do not wait for it.
    return this.inFlight === undefined ? returned : undefined;
  }
}
