/**
 * The fluent wrapper: `stream(source).map(f).filter(p)…`. Every method calls the pipeable operator of
 * the same name, so both styles share one implementation (and the same fusion of synchronous stages).
 * There is deliberately no `then` method: `await stream(x)` must not treat the stream as a promise.
 */

import type { TimeoutError } from '@async/time';
import { buffered, bufferUnordered, type TaskOutput } from './buffered';
import { chain, flatMap, flatten } from './chain';
import { chunks } from './chunks';
import { chunksTimeout } from './chunks-timeout';
import { collect, fold, forEach, reduce, type TerminalOptions } from './consume';
import { Flow, type StreamInput, toFlow } from './flow';
import { mapAsync } from './map-async';
import { merge } from './merge';
import { throttle } from './throttle';
import { timeout } from './timeout';
import type { TimeOptions } from './timing';
import {
  enumerate,
  filter,
  filterMap,
  inspect,
  map,
  type Operator,
  scan,
  skip,
  skipWhile,
  take,
  takeWhile,
} from './transform';
import { zip } from './zip';

/**
 * A lazy async iterable with the operators as methods. Iterate it with `for await`, or end a chain
 * with `collect`, `fold`, `reduce` or `forEach`. Made by {@link stream}. It has no `then` method, so
 * `await s` gives the stream itself, not its items.
 *
 * @example
 * ```ts
 * import { stream } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const words = stream(['a', 'bb', 'ccc']).filter((w) => w.length > 1).map((w) => w.toUpperCase());
 * const seen: string[] = [];
 * for await (const w of words) seen.push(w);
 * assert.deepEqual(seen, ['BB', 'CCC']);
 * ```
 */
export class Stream<T> extends Flow<T> {
  /** Applies `f` to every item. See {@link map}. */
  map<B>(f: (value: T) => B): Stream<B> {
    return wrap(map(f)(this));
  }
  /** Keeps the items that pass `predicate`. See {@link filter}. */
  filter<B extends T>(predicate: (value: T) => value is B): Stream<B>;
  filter(predicate: (value: T) => boolean): Stream<T>;
  filter(predicate: (value: T) => boolean): Stream<T> {
    return wrap(filter(predicate)(this));
  }
  /** Maps and drops `undefined` results. See {@link filterMap}. */
  filterMap<B>(f: (value: T) => B | undefined): Stream<B> {
    return wrap(filterMap(f)(this));
  }
  /** Applies an async `f` to every item, in order (tokio-stream's `then`). See {@link mapAsync}. */
  mapAsync<B>(f: (value: T, signal: AbortSignal) => B | PromiseLike<B>): Stream<B> {
    return wrap(mapAsync(f)(this));
  }
  /** The first `n` items. See {@link take}. */
  take(n: number): Stream<T> {
    return wrap(take<T>(n)(this));
  }
  /** All but the first `n` items. See {@link skip}. */
  skip(n: number): Stream<T> {
    return wrap(skip<T>(n)(this));
  }
  /** Items while `predicate` holds. See {@link takeWhile}. */
  takeWhile(predicate: (value: T) => boolean): Stream<T> {
    return wrap(takeWhile(predicate)(this));
  }
  /** Items from the first that fails `predicate`. See {@link skipWhile}. */
  skipWhile(predicate: (value: T) => boolean): Stream<T> {
    return wrap(skipWhile(predicate)(this));
  }
  /** `[index, item]` pairs. See {@link enumerate}. */
  enumerate(): Stream<[number, T]> {
    return wrap(enumerate<T>()(this));
  }
  /** Calls `f` with every item, passing it on. See {@link inspect}. */
  inspect(f: (value: T) => unknown): Stream<T> {
    return wrap(inspect(f)(this));
  }
  /** The running accumulation. See {@link scan}. */
  scan<S>(f: (acc: S, value: T) => S, initial: S): Stream<S> {
    return wrap(scan(f, initial)(this));
  }
  /** Arrays of `n` items. See {@link chunks}. */
  chunks(n: number): Stream<T[]> {
    return wrap(chunks<T>(n)(this));
  }
  /** Batches of up to `max` items, cut `ms` after each batch's first item. See {@link chunksTimeout}. */
  chunksTimeout(max: number, ms: number, options?: TimeOptions): Stream<T[]> {
    return wrap(chunksTimeout<T>(max, ms, options)(this));
  }
  /** Items at least `ms` apart. See {@link throttle}. */
  throttle(ms: number, options?: TimeOptions): Stream<T> {
    return wrap(throttle<T>(ms, options)(this));
  }
  /** A `TimeoutError` item whenever the next item takes over `ms`. See {@link timeout}. */
  timeout(ms: number, options?: TimeOptions): Stream<T | TimeoutError> {
    return wrap(timeout<T>(ms, options)(this));
  }
  /** Up to `n` tasks at once, results in input order. See {@link buffered}. */
  buffered(n: number): Stream<TaskOutput<T>> {
    return wrap(buffered(n)(this));
  }
  /** Up to `n` tasks at once, results in completion order. See {@link bufferUnordered}. */
  bufferUnordered(n: number): Stream<TaskOutput<T>> {
    return wrap(bufferUnordered(n)(this));
  }
  /** This stream interleaved fairly with `others`. See {@link merge}. */
  merge<U>(...others: StreamInput<U>[]): Stream<T | U> {
    return wrap(merge<StreamInput<T | U>[]>(this, ...others));
  }
  /** `[mine, theirs]` pairs. See {@link zip}. */
  zip<U>(other: StreamInput<U>): Stream<[T, U]> {
    return wrap(zip<T, U>(other)(this));
  }
  /** This stream, then `other`. See {@link chain}. */
  chain<U>(other: StreamInput<U>): Stream<T | U> {
    return wrap(chain<T, U>(other)(this));
  }
  /** Each item mapped to a stream, flattened. See {@link flatMap}. */
  flatMap<B>(f: (value: T) => StreamInput<B>): Stream<B> {
    return wrap(flatMap(f)(this));
  }
  /** A stream of streams, flattened. See {@link flatten}. */
  flatten(): Stream<T extends StreamInput<infer B> ? B : never> {
    return wrap(flatten()(this as never)) as never;
  }
  /** Applies any operator, keeping the fluent style: `s.pipe(myOperator)`. */
  pipe<B>(operator: Operator<T, B> | ((source: Stream<T>) => AsyncIterable<B>)): Stream<B> {
    return wrap((operator as (source: Stream<T>) => AsyncIterable<B>)(this));
  }
  /** Folds the stream into one value. See {@link fold}. */
  fold<R>(initial: R, f: (acc: R, value: T) => R, options?: TerminalOptions): Promise<R> {
    return fold(initial, f, options)(this);
  }
  /** Reduces as `Array.prototype.reduce`. See {@link reduce}. */
  reduce(f: (acc: T, value: T) => T): Promise<T>;
  reduce<R>(f: (acc: R, value: T) => R, initial: R): Promise<R>;
  reduce<R>(f: (acc: R, value: T) => R, ...initial: [R?]): Promise<R> {
    return (reduce as (...a: unknown[]) => (s: Stream<T>) => Promise<R>)(f, ...initial)(this);
  }
  /** Every item in an array. See {@link collect}. */
  collect(options?: TerminalOptions): Promise<T[]> {
    return collect<T>(options)(this);
  }
  /** Every item in an array (same as `collect`). */
  toArray(options?: TerminalOptions): Promise<T[]> {
    return collect<T>(options)(this);
  }
  /** Calls `f` with every item, awaiting it. See {@link forEach}. */
  forEach(f: (value: T) => unknown, options?: TerminalOptions): Promise<void> {
    return forEach(f, options)(this);
  }
}

/** Re-wraps an operator's result as a fluent {@link Stream}, keeping its fused stages. */
export function wrap<T>(x: AsyncIterable<T>): Stream<T> {
  const flow = toFlow(x);
  return new Stream<T>(flow.source, flow.syncSource, flow.stages);
}

/**
 * Wraps any async or sync iterable (a generator, an array, a channel receiver) in a fluent
 * {@link Stream}. Throws a `TypeError` at once if `source` is not iterable.
 *
 * @example
 * ```ts
 * import { stream } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const total = await stream([1, 2, 3, 4]).map((x) => x * 2).filter((x) => x > 2).fold(0, (a, b) => a + b);
 * assert.equal(total, 18);
 * ```
 */
export function stream<T>(source: StreamInput<T>): Stream<T> {
  return wrap(toFlow(source, 'stream: source'));
}
