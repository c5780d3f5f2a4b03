/**
 * @packageDocumentation
 * Lazy, pull-based combinators over `AsyncIterable`, as tokio-stream and futures' `StreamExt`.
 *
 * Two styles, one implementation: pipeable functions, `pipe(source, map(f), filter(p), take(10))`,
 * and a fluent wrapper, `stream(source).map(f).filter(p).take(10)`. Any async or sync iterable is a
 * source (a generator, an array, a channel receiver); {@link iter}, {@link once}, {@link empty},
 * {@link pending}, {@link repeat}, {@link repeatWith}, {@link unfold} and `fromInterval` make others.
 *
 * How to choose:
 * - Transform item by item: {@link map}, {@link filter}, {@link filterMap}, {@link take}, {@link skip},
 *   {@link takeWhile}, {@link skipWhile}, {@link enumerate}, {@link inspect}, {@link scan}. These are
 *   synchronous and fused: a chain of them costs one `await` per item, not one per stage.
 * - Await something per item: {@link mapAsync} (one at a time), {@link buffered} (up to n at once,
 *   input order) or {@link bufferUnordered} (up to n at once, completion order).
 * - Combine streams: {@link merge} (fair interleaving), {@link zip}, {@link chain}, {@link flatMap},
 *   {@link StreamMap} (a keyed merge that changes while it runs).
 * - Batch: {@link chunks}; with time: `chunksTimeout`, `throttle`, `timeout` (on `@async/time`'s clock).
 * - Finish: {@link collect}, {@link fold}, {@link reduce}, {@link forEach}, or `for await`.
 *
 * Every stream is lazy (nothing runs before the first pull) and bounded; leaving early (`break`,
 * `take`, an error) calls `return()` upstream and aborts the work in flight through its signal.
 * tokio-stream's `then` is {@link mapAsync} here: nothing in this package is named `then`.
 */
export { buffered, bufferUnordered, type TaskOutput } from './buffered';
export { chain, flatMap, flatten } from './chain';
export { chunks } from './chunks';
export { chunksTimeout } from './chunks-timeout';
export { collect, fold, forEach, reduce, type Terminal, type TerminalOptions, toArray } from './consume';
export { Flow, type StreamInput } from './flow';
export { fromInterval } from './from-interval';
export { mapAsync } from './map-async';
export { type ItemOf, merge } from './merge';
export { pipe } from './pipe';
export { empty, iter, once, pending, repeat, repeatWith, unfold } from './sources';
export { Stream, stream } from './stream';
export { StreamMap } from './stream-map';
export { throttle } from './throttle';
export { timeout } from './timeout';
export type { TimeOptions } from './timing';
export {
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
export { zip } from './zip';
