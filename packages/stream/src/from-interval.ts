/** `fromInterval`: an interval's ticks as a stream. */
import { CancelledError } from '@async/core';
import { checkClock, checkOptions, describe } from '@async/core/protocol';
import { type Instant, type Interval, type IntervalOptions, interval } from '@async/time';
import { doneResult, flowOf, PullIterator } from './flow';

/**
 * A stream of the ticks of `interval(period, options)` from `@async/time` (tokio-stream's
 * `IntervalStream`): each item is the `Instant` the tick was scheduled for, the first one immediate.
 * The interval is created at the first pull, and leaving early cancels its timer. Endless: bound it
 * with `take`, `zip` or `takeWhile`. `period` must be positive (a `RangeError` otherwise).
 *
 * @example
 * ```ts
 * import { collect, fromInterval, map, pipe, take } from '@async/stream';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const ticks = await pipe(fromInterval(1000), map((t) => t.ms), take(3), collect());
 * assert.deepEqual(ticks, [0, 1000, 2000]);
 * ```
 */
export function fromInterval(
  period: number,
  options?: Omit<IntervalOptions, 'signal'>,
): AsyncIterable<Instant> {
  if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) {
    const message = `fromInterval: period must be a positive finite number, got ${describe(period)}`;
    throw typeof period === 'number' ? new RangeError(message) : new TypeError(message);
  }
  // Checked now rather than when the interval is made, at the first pull.
  checkOptions(options, 'fromInterval: options', ['missedTick', 'clock', 'unref']);
  if (options?.clock !== undefined) checkClock(options.clock, 'fromInterval: options.clock');
  const missedTick = options?.missedTick;
  if (missedTick !== undefined && missedTick !== 'burst' && missedTick !== 'delay' && missedTick !== 'skip')
    throw new TypeError(
      `fromInterval: options.missedTick must be 'burst', 'delay' or 'skip', got ${describe(missedTick)}`,
    );
  if (options?.unref !== undefined && typeof options.unref !== 'boolean')
    throw new TypeError(`fromInterval: options.unref must be a boolean, got ${describe(options.unref)}`);
  return flowOf({ [Symbol.asyncIterator]: () => new IntervalIterator(period, options) });
}

class IntervalIterator extends PullIterator<Instant> {
  private interval: Interval | undefined = undefined;
  private readonly controller = new AbortController();
  private readonly period: number;
  private readonly options: Omit<IntervalOptions, 'signal'> | undefined;

  constructor(period: number, options: Omit<IntervalOptions, 'signal'> | undefined) {
    super();
    this.period = period;
    this.options = options;
  }

  protected async pull(): Promise<IteratorResult<Instant>> {
    try {
      const every = (this.interval ??= interval(this.period, this.options));
      try {
        return { done: false, value: await every.tick({ signal: this.controller.signal }) };
      } catch (e) {
        if (this.finished) return doneResult;
        throw e;
      }
    } finally {
      this.running = false;
    }
  }

  protected stop(): undefined {
    this.controller.abort(new CancelledError('the stream was closed'));
    return undefined;
  }
}
