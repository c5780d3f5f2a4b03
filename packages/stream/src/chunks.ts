/** `chunks`: fixed-size batches. */
import { checkCount, flowOf, type StreamInput, toFlow } from './flow';

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
    return flowOf({
      async *[Symbol.asyncIterator]() {
        let batch: A[] = [];
        for await (const x of flow) {
          batch.push(x);
          if (batch.length === n) {
            const full = batch;
            batch = [];
            yield full;
          }
        }
        if (batch.length > 0) yield batch;
      },
    });
  };
}
