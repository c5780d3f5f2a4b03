/** `chunksTimeout`: batches bounded by size and by time. */

import type { Clock } from '@async/core';
import { sleep } from '@async/time';
import { doneResult, flowOf, nextOf, type StreamInput, toFlow } from './flow';
import { checkTimeOptions, clockOf, raceTimer, TIMER_WON, TimedIterator, type TimeOptions } from './timing';
import { checkCount, checkMs } from './validate';

/**
 * Groups items into arrays of at most `max`, emitting a batch when it is full, when `ms` have passed
 * since its **first** item arrived, or when the source ends (tokio-stream's `chunks_timeout`). An
 * empty batch is never emitted: with no items, nothing is timed. `max` must be an integer ≥ 1
 * (tokio panics on 0). An item in flight when the timer fires is kept for the next batch. A source
 * error ends the stream after the batch collected so far. Runs on `@async/time`'s clock (instantly
 * under `TestClock`); leaving early cancels the timer.
 *
 * @example
 * ```ts
 * import { chunksTimeout, collect, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3], chunksTimeout(2, 1000), collect()), [[1, 2], [3]]);
 * ```
 */
export function chunksTimeout<A>(
  max: number,
  ms: number,
  options?: TimeOptions,
): (source: StreamInput<A>) => AsyncIterable<A[]> {
  checkCount(max, 'chunksTimeout: max', 1);
  checkMs(ms, 'chunksTimeout: ms');
  checkTimeOptions(options, 'chunksTimeout: options');
  return (source) => {
    const flow = toFlow(source);
    return flowOf({
      [Symbol.asyncIterator]: () => new ChunksTimeoutIterator(flow, max, ms, clockOf(options)),
    });
  };
}

class ChunksTimeoutIterator<A> extends TimedIterator<A, A[]> {
  private failure: { error: unknown } | undefined = undefined;
  private readonly max: number;

  constructor(source: AsyncIterable<A>, max: number, ms: number, clock: Clock) {
    super(source, ms, clock);
    this.max = max;
  }

  protected async pull(): Promise<IteratorResult<A[]>> {
    try {
      if (this.failure !== undefined) {
        this.finished = true;
        throw this.failure.error;
      }
      const it = (this.iterator ??= this.source[Symbol.asyncIterator]());
      const batch: A[] = [];
      for (;;) {
        const next = (this.inFlight ??= nextOf(it));
        let r: IteratorResult<A>;
        try {
          if (batch.length === 0) r = await next;
          else {
            const won = await raceTimer(next, this.timer!);
            if (this.finished) return doneResult;
            if (won === TIMER_WON) {
              this.timer = undefined;
              return { done: false, value: batch };
            }
            r = won;
          }
        } catch (e) {
          if (this.finished) return doneResult;
          this.inFlight = undefined;
          this.iterator = undefined;
          this.disarm();
          if (batch.length === 0) {
            this.finished = true;
            throw e;
          }
          this.failure = { error: e };
          return { done: false, value: batch };
        }
        this.inFlight = undefined;
        if (this.finished) return doneResult;
        if (r.done) {
          this.finished = true;
          this.iterator = undefined;
          this.disarm();
          return batch.length > 0 ? { done: false, value: batch } : doneResult;
        }
        batch.push(r.value);
        if (batch.length === 1) this.timer = sleep(this.ms, { clock: this.clock });
        if (batch.length === this.max) {
          this.disarm();
          return { done: false, value: batch };
        }
      }
    } finally {
      this.running = false;
    }
  }
}
