/** `merge`: many streams into one, fairly. */
import { flowOf, type StreamInput, toFlow } from './flow';
import { MergeCore } from './stream-map';

/**
 * The item type of a stream input (for a union of inputs, the union of their item types).
 *
 * @example
 * ```ts
 * import type { ItemOf } from '@async/stream';
 *
 * const x: ItemOf<number[] | AsyncIterable<string>> = 'either';
 * void x;
 * ```
 */
export type ItemOf<S> = S extends StreamInput<infer T> ? T : never;

/**
 * Interleaves any number of streams into one, yielding each item as soon as its stream has it
 * (tokio-stream's `merge`, for any number of streams). Fair: when several streams are ready they are
 * served in turn, so merging many streams is as fair as merging two (unlike nested tokio merges).
 * Each stream's own order is kept. Ends when every stream has ended; the first error ends the merge,
 * and leaving early calls `return()` on every stream. Throws a `TypeError` at once for a non-iterable.
 *
 * @example
 * ```ts
 * import { collect, merge, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(merge([1, 2, 3], ['a', 'b']), collect()), [1, 'a', 2, 'b', 3]);
 * ```
 */
export function merge<S extends readonly StreamInput<unknown>[]>(
  ...sources: S
): AsyncIterable<ItemOf<S[number]>> {
  const flows = sources.map((s, i) => toFlow(s, `merge: source ${i}`));
  return flowOf({
    [Symbol.asyncIterator]: () => {
      const core = new MergeCore<number, ItemOf<S[number]>>(false, true);
      for (let i = 0; i < flows.length; i++) core.add(i, flows[i]!);
      return {
        next: () => core.next(),
        return: () => core.return(),
      };
    },
  });
}
