/**
 * The synchronous one-in, at-most-one-out operators. Each adds a stage to a {@link Flow}; consecutive
 * ones are fused into one step (see `flow.ts`), so a chain of them costs one `await` per item.
 */

import { checkFunction } from '@async/core/protocol';
import { addStage, type Ctl, SKIP, type StreamInput } from './flow';
import { checkCount } from './validate';

/**
 * A function from one stream to another, as `pipe` and `Stream.pipe` compose them. Compose existing
 * operators to make your own.
 *
 * @example
 * ```ts
 * import { collect, filter, map, type Operator, pipe, stream } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const positiveSquares: Operator<number, number> = (source) => pipe(source, filter((x) => x > 0), map((x) => x * x));
 * assert.deepEqual(await pipe([-2, 3], positiveSquares, collect()), [9]);
 * assert.deepEqual(await stream([4]).pipe(positiveSquares).collect(), [16]);
 * ```
 */
export type Operator<A, B> = (source: StreamInput<A>) => AsyncIterable<B>;

/**
 * Applies `f` to every item (tokio-stream's `map`).
 *
 * @example
 * ```ts
 * import { collect, map, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3], map((x) => x * 10), collect()), [10, 20, 30]);
 * ```
 */
export function map<A, B>(f: (value: A) => B): Operator<A, B> {
  checkFunction(f, 'map: f');
  const stage = () => f;
  return (source) => addStage(source, stage);
}

/**
 * Keeps the items for which `predicate` returns true; with a type guard, narrows the item type.
 *
 * @example
 * ```ts
 * import { collect, filter, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3, 4], filter((x) => x % 2 === 0), collect()), [2, 4]);
 * ```
 */
export function filter<A, B extends A>(predicate: (value: A) => value is B): Operator<A, B>;
export function filter<A>(predicate: (value: A) => boolean): Operator<A, A>;
export function filter<A>(predicate: (value: A) => boolean): Operator<A, A> {
  checkFunction(predicate, 'filter: predicate');
  const stage = () => (x: A) => (predicate(x) ? x : SKIP);
  return (source) => addStage(source, stage);
}

/**
 * Maps and filters in one step: items for which `f` returns `undefined` are dropped (tokio's
 * `filter_map`, with `undefined` for `None`).
 *
 * @example
 * ```ts
 * import { collect, filterMap, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const parsed = await pipe(['1', 'x', '3'], filterMap((s) => (Number.isNaN(+s) ? undefined : +s)), collect());
 * assert.deepEqual(parsed, [1, 3]);
 * ```
 */
export function filterMap<A, B>(f: (value: A) => B | undefined): Operator<A, B> {
  checkFunction(f, 'filterMap: f');
  const stage = () => (x: A) => {
    const y = f(x);
    return y === undefined ? SKIP : y;
  };
  return (source) => addStage(source, stage);
}

/**
 * Yields the first `n` items, then ends and calls `return()` on its source. `take(0)` never pulls.
 *
 * @example
 * ```ts
 * import { collect, pipe, repeat, take } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(repeat('a'), take(3), collect()), ['a', 'a', 'a']);
 * ```
 */
export function take<A>(n: number): Operator<A, A> {
  checkCount(n, 'take: n', 0, true);
  const stage = (ctl: Ctl) => {
    let left = n;
    if (left === 0) ctl.stop = true;
    return (x: A) => {
      if (--left === 0) ctl.stop = true;
      return x;
    };
  };
  return (source) => addStage(source, stage);
}

/**
 * Drops the first `n` items and yields the rest.
 *
 * @example
 * ```ts
 * import { collect, pipe, skip } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3, 4], skip(2), collect()), [3, 4]);
 * ```
 */
export function skip<A>(n: number): Operator<A, A> {
  checkCount(n, 'skip: n');
  const stage = () => {
    let left = n;
    return (x: A) => {
      if (left === 0) return x;
      left--;
      return SKIP;
    };
  };
  return (source) => addStage(source, stage);
}

/**
 * Yields items while `predicate` holds; the first item that fails it ends the stream (and is dropped).
 *
 * @example
 * ```ts
 * import { collect, pipe, takeWhile } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 5, 1], takeWhile((x) => x < 3), collect()), [1, 2]);
 * ```
 */
export function takeWhile<A>(predicate: (value: A) => boolean): Operator<A, A> {
  checkFunction(predicate, 'takeWhile: predicate');
  const stage = (ctl: Ctl) => (x: A) => {
    if (predicate(x)) return x;
    ctl.stop = true;
    return SKIP;
  };
  return (source) => addStage(source, stage);
}

/**
 * Drops items while `predicate` holds, then yields the first failing item and everything after it.
 *
 * @example
 * ```ts
 * import { collect, pipe, skipWhile } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 5, 1], skipWhile((x) => x < 3), collect()), [5, 1]);
 * ```
 */
export function skipWhile<A>(predicate: (value: A) => boolean): Operator<A, A> {
  checkFunction(predicate, 'skipWhile: predicate');
  const stage = () => {
    let skipping = true;
    return (x: A) => {
      if (skipping && predicate(x)) return SKIP;
      skipping = false;
      return x;
    };
  };
  return (source) => addStage(source, stage);
}

/**
 * Pairs every item with its index: `[index, item]`.
 *
 * @example
 * ```ts
 * import { collect, enumerate, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(['a', 'b'], enumerate(), collect()), [[0, 'a'], [1, 'b']]);
 * ```
 */
export function enumerate<A>(): Operator<A, [number, A]> {
  return (source) =>
    addStage(source, () => {
      let i = 0;
      return (x: A) => [i++, x];
    });
}

/**
 * Calls `f` with every item and passes the item on unchanged.
 *
 * @example
 * ```ts
 * import { collect, inspect, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const seen: number[] = [];
 * await pipe([1, 2], inspect((x) => seen.push(x)), collect());
 * assert.deepEqual(seen, [1, 2]);
 * ```
 */
export function inspect<A>(f: (value: A) => unknown): Operator<A, A> {
  checkFunction(f, 'inspect: f');
  const stage = () => (x: A) => {
    f(x);
    return x;
  };
  return (source) => addStage(source, stage);
}

/**
 * Yields the running accumulation: `f(acc, item)` for each item, starting from `initial`.
 * (tokio-stream's `scan` ends when its closure returns `None`; here compose with `takeWhile`.)
 *
 * @example
 * ```ts
 * import { collect, pipe, scan } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3], scan((sum, x) => sum + x, 0), collect()), [1, 3, 6]);
 * ```
 */
export function scan<A, S>(f: (acc: S, value: A) => S, initial: S): Operator<A, S> {
  checkFunction(f, 'scan: f');
  const stage = () => {
    let acc = initial;
    return (x: A) => (acc = f(acc, x));
  };
  return (source) => addStage(source, stage);
}
