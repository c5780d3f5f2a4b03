/** `chain`, `flatMap`, `flatten`: streams one after another. */
import { checkFunction, flowOf, type StreamInput, toFlow } from './flow';

/**
 * Yields every item of the source, then every item of `other` (which is not touched before the source
 * has ended).
 *
 * @example
 * ```ts
 * import { chain, collect, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2], chain(['a']), collect()), [1, 2, 'a']);
 * ```
 */
export function chain<A, B>(other: StreamInput<B>): (source: StreamInput<A>) => AsyncIterable<A | B> {
  const second = toFlow(other, 'chain: other');
  return (source) => {
    const first = toFlow(source);
    return flowOf({
      async *[Symbol.asyncIterator]() {
        yield* first;
        yield* second;
      },
    });
  };
}

/**
 * Maps every item to a stream (or any iterable) and yields the items of each, in order, one inner
 * stream at a time (futures' `flat_map`).
 *
 * @example
 * ```ts
 * import { collect, flatMap, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2], flatMap((x) => [x, x * 10]), collect()), [1, 10, 2, 20]);
 * ```
 */
export function flatMap<A, B>(f: (value: A) => StreamInput<B>): (source: StreamInput<A>) => AsyncIterable<B> {
  checkFunction(f, 'flatMap: f');
  return (source) => {
    const outer = toFlow(source);
    return flowOf({
      async *[Symbol.asyncIterator]() {
        for await (const x of outer) yield* toFlow(f(x), 'flatMap: result of f');
      },
    });
  };
}

/**
 * Flattens a stream of streams (or iterables), one inner stream at a time.
 *
 * @example
 * ```ts
 * import { collect, flatten, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([[1], [2, 3]], flatten(), collect()), [1, 2, 3]);
 * ```
 */
export function flatten<B>(): (source: StreamInput<StreamInput<B>>) => AsyncIterable<B> {
  return flatMap((inner: StreamInput<B>) => inner);
}
