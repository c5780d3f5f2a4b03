/** `timeout`: a time limit per item. */
import { sleep, TimeoutError } from '@async/time';
import { doneResult, flowOf, nextOf, type StreamInput, toFlow } from './flow';
import { checkTimeOptions, clockOf, raceTimer, TIMER_WON, TimedIterator, type TimeOptions } from './timing';
import { checkMs } from './validate';

/**
 * Puts a time limit on every item (tokio-stream's `timeout`): when the source has no item `ms` after
 * it was asked for one, a `TimeoutError` is **yielded as an item** (tokio's `Err(Elapsed)`) and the
 * stream goes on, waiting for that same item without a limit; once it arrives, the next item is
 * timed again. So errors don't repeat while one item is late. No item is lost to a timeout.
 *
 * Difference from tokio: the limit runs from the moment the consumer asks for an item, not from the
 * previous item, so a slow consumer does not eat into the source's time.
 *
 * @example
 * ```ts
 * import { collect, pipe, timeout } from '@async/stream';
 * import { TestClock, sleep, TimeoutError } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * async function* slow() { yield 1; await sleep(500); yield 2; }
 * const out = await pipe(slow(), timeout(100), collect());
 * assert.equal(out[0], 1);
 * assert.ok(TimeoutError.is(out[1]));
 * assert.equal(out[2], 2);
 * ```
 */
export function timeout<A>(
  ms: number,
  options?: TimeOptions,
): (source: StreamInput<A>) => AsyncIterable<A | TimeoutError> {
  checkMs(ms, 'timeout: ms');
  checkTimeOptions(options, 'timeout: options');
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new TimeoutIterator(flow, ms, clockOf(options)) });
  };
}

class TimeoutIterator<A> extends TimedIterator<A, A | TimeoutError> {
  private timed = true;

  protected async pull(): Promise<IteratorResult<A | TimeoutError>> {
    try {
      const it = (this.iterator ??= this.source[Symbol.asyncIterator]());
      const next = (this.inFlight ??= nextOf(it));
      let r: IteratorResult<A>;
      try {
        if (this.timed) {
          const timer = (this.timer = sleep(this.ms, { clock: this.clock }));
          const won = await raceTimer(next, timer);
          this.disarm();
          if (this.finished) return doneResult;
          if (won === TIMER_WON) {
            this.timed = false;
            return { done: false, value: new TimeoutError(`no item within ${this.ms} ms`, { ms: this.ms }) };
          }
          r = won;
        } else r = await next;
      } catch (e) {
        this.inFlight = undefined;
        if (this.finished) return doneResult;
        this.finished = true;
        throw e;
      }
      this.inFlight = undefined;
      this.timed = true;
      if (r.done || this.finished) {
        this.finished = true;
        return doneResult;
      }
      return r;
    } finally {
      this.running = false;
    }
  }
}
