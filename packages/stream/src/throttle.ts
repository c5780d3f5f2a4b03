/** `throttle`: a minimum gap between items. */
import { sleepUntil } from '@async/time';
import { doneResult, flowOf, type StreamInput, toFlow } from './flow';
import { checkTimeOptions, clockOf, TimedIterator, type TimeOptions } from './timing';
import { checkMs } from './validate';

/**
 * Spaces items at least `ms` apart (tokio-stream's `throttle`): the first item passes at once; after
 * each item, the source is not pulled again until `ms` after that item was yielded (so the end of the
 * stream, too, is seen `ms` after the last item, as in tokio). Nothing is dropped: a fast source is
 * slowed down, not sampled. Runs on `@async/time`'s clock; leaving early
 * cancels the timer.
 *
 * @example
 * ```ts
 * import { collect, pipe, throttle } from '@async/stream';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const times: number[] = [];
 * for await (const _ of pipe([1, 2, 3], throttle(100))) times.push(clock.now());
 * assert.deepEqual(times, [0, 100, 200]);
 * ```
 */
export function throttle<A>(ms: number, options?: TimeOptions): (source: StreamInput<A>) => AsyncIterable<A> {
  checkMs(ms, 'throttle: ms');
  checkTimeOptions(options, 'throttle: options');
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new ThrottleIterator(flow, ms, clockOf(options)) });
  };
}

class ThrottleIterator<A> extends TimedIterator<A, A> {
  private last: number | undefined = undefined;

  protected async pull(): Promise<IteratorResult<A>> {
    try {
      if (this.last !== undefined) {
        const due = this.last + this.ms;
        if (this.clock.now() < due) {
          this.timer = sleepUntil(due, { clock: this.clock });
          try {
            await this.timer;
          } catch (e) {
            if (this.finished) return doneResult;
            throw e;
          }
          this.timer = undefined;
          if (this.finished) return doneResult;
        }
      }
      const r = await this.pullFrom((this.iterator ??= this.source[Symbol.asyncIterator]()));
      if (r.done) return r;
      this.last = this.clock.now();
      return r;
    } finally {
      this.running = false;
    }
  }
}
