/** `chunks`: fixed-size batches. */
import { doneResult, flowOf, PullIterator, type StreamInput, toFlow } from './flow';
import { checkCount } from './validate';

/**
 * Groups items into arrays of `n`; the last batch may be shorter, and an empty batch is never
 * yielded. `n` must be an integer ≥ 1 (tokio's `chunks(0)` panics).
 *
 * @example
 * ```ts
 * import { chunks, collect, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3, 4, 5], chunks(2), collect()), [[1, 2], [3, 4], [5]]);
 * ```
 */
export function chunks<A>(n: number): (source: StreamInput<A>) => AsyncIterable<A[]> {
  checkCount(n, 'chunks: n', 1);
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new ChunksIterator<A>(flow, n) });
  };
}

class ChunksIterator<A> extends PullIterator<A[]> {
  private iterator: AsyncIterator<A> | undefined = undefined;
  /** Whether the consumer left (as opposed to the source ending). */
  private returned = false;
  private readonly source: AsyncIterable<A>;
  private readonly n: number;

  constructor(source: AsyncIterable<A>, n: number) {
    super();
    this.source = source;
    this.n = n;
  }

  protected async pull(): Promise<IteratorResult<A[]>> {
    try {
      const it = (this.iterator ??= this.source[Symbol.asyncIterator]());
      const batch: A[] = [];
      while (batch.length < this.n) {
        const r = await this.pullFrom(it);
        if (r.done) break;
        batch.push(r.value);
      }
      // The source's end yields the last, shorter batch; the consumer leaving does not.
      if (batch.length === 0 || this.returned) return doneResult;
      return { done: false, value: batch };
    } finally {
      this.running = false;
    }
  }

  protected stop(): Promise<unknown> | undefined {
    this.returned = true;
    return this.returnSource(this.iterator);
  }
}
