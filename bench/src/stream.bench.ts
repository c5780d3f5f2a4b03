// @async/stream against a hand-written chain of async generators (the floor), streaming-iterables,
// Effect's Stream and IxJS; and its concurrent operators against p-map and Effect's forEach.
import { buffered, bufferUnordered, collect, filter, map, pipe, reduce, stream, take } from '@async/stream';
import { Effect, Stream as EffectStream } from 'effect';
import { from as ixFrom } from 'ix/asynciterable';
import { filter as ixFilter, map as ixMap, take as ixTake } from 'ix/asynciterable/operators';
import { reduce as ixReduce } from 'ix/asynciterable/reduce';
import pMap from 'p-map';
import * as si from 'streaming-iterables';
import { runSuite, type Workload } from './harness';

const N = 1_000_000;
const TAKE = 500_000;
const double = (x: number) => x * 2;
const notDivisibleBy3 = (x: number) => x % 3 !== 0;
const add = (a: number, b: number) => a + b;

// The same source for everyone: an async generator of 0..N-1.
async function* range(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

// Floor: one hand-written async generator per operator.
async function* genMap<A, B>(src: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const x of src) yield f(x);
}
async function* genFilter<A>(src: AsyncIterable<A>, p: (a: A) => boolean): AsyncGenerator<A> {
  for await (const x of src) if (p(x)) yield x;
}
async function* genTake<A>(src: AsyncIterable<A>, n: number): AsyncGenerator<A> {
  if (n <= 0) return;
  let i = 0;
  for await (const x of src) {
    yield x;
    if (++i >= n) return;
  }
}
async function genReduce<A, R>(src: AsyncIterable<A>, f: (acc: R, a: A) => R, init: R): Promise<R> {
  let acc = init;
  for await (const x of src) acc = f(acc, x);
  return acc;
}

let expected: number | undefined;
function check(sum: number): void {
  expected ??= sum;
  if (sum !== expected) throw new Error(`wrong result ${sum}, expected ${expected}`);
}

// Concurrency workload: 200,000 async tasks, 16 at a time.
const TASKS = 200_000;
const items = Array.from({ length: TASKS }, (_, i) => i);
async function work(x: number): Promise<number> {
  await null;
  return x + 1;
}
function checkLength(out: readonly unknown[]): void {
  if (out.length !== TASKS) throw new Error(`got ${out.length} results`);
}

// Floor: 16 workers pulling indexes from a shared counter, results in input order.
async function workerPool(concurrency: number): Promise<number[]> {
  const out = new Array<number>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** One concurrency workload: our operator against the worker pool, p-map and Effect's forEach. */
function tasksWorkload(name: string, op: typeof buffered): Workload {
  return {
    name: `${name}(16) over ${TASKS} async tasks`,
    ops: TASKS,
    unit: 'task',
    floor: 'worker pool (floor)',
    contenders: [
      { name: 'worker pool (floor)', run: async () => checkLength(await workerPool(16)) },
      {
        name: `@async/stream ${name}`,
        ours: true,
        run: async () =>
          checkLength(
            await pipe(
              items,
              map((x) => () => work(x)),
              op(16),
              collect(),
            ),
          ),
      },
      { name: 'p-map', run: async () => checkLength(await pMap(items, work, { concurrency: 16 })) },
      {
        name: 'effect forEach',
        run: async () =>
          checkLength(
            await Effect.runPromise(
              Effect.forEach(items, (x) => Effect.promise(() => work(x)), { concurrency: 16 }),
            ),
          ),
      },
    ],
  };
}

await runSuite('stream', '@async/stream benchmarks', [
  {
    name: `map → filter → take(${TAKE}) → reduce over ${N} items`,
    ops: N,
    unit: 'item',
    floor: 'async generator chain (floor)',
    rounds: 5,
    contenders: [
      {
        name: 'async generator chain (floor)',
        run: async () =>
          check(await genReduce(genTake(genFilter(genMap(range(N), double), notDivisibleBy3), TAKE), add, 0)),
      },
      {
        name: '@async/stream pipe',
        ours: true,
        run: async () =>
          check(await pipe(range(N), map(double), filter(notDivisibleBy3), take(TAKE), reduce(add, 0))),
      },
      {
        name: '@async/stream fluent',
        ours: true,
        run: async () =>
          check(await stream(range(N)).map(double).filter(notDivisibleBy3).take(TAKE).fold(0, add)),
      },
      {
        name: '@async/stream for await',
        ours: true,
        run: async () => {
          let sum = 0;
          for await (const x of pipe(range(N), map(double), filter(notDivisibleBy3), take(TAKE))) sum += x;
          check(sum);
        },
      },
      {
        name: 'streaming-iterables',
        run: async () =>
          check(
            await si.reduce(
              add,
              0,
              si.take(TAKE, si.filter(notDivisibleBy3, si.map(double, range(N)))) as AsyncIterable<number>,
            ),
          ),
      },
      {
        name: 'effect Stream',
        run: async () =>
          check(
            await Effect.runPromise(
              EffectStream.fromAsyncIterable(range(N), (e) => e).pipe(
                EffectStream.map(double),
                EffectStream.filter(notDivisibleBy3),
                EffectStream.take(TAKE),
                EffectStream.runFold(0, add),
              ),
            ),
          ),
      },
      {
        name: 'ix',
        run: async () =>
          check(
            await ixReduce(ixFrom(range(N)).pipe(ixMap(double), ixFilter(notDivisibleBy3), ixTake(TAKE)), {
              callback: add,
              seed: 0,
            }),
          ),
      },
    ],
  },
  tasksWorkload('bufferUnordered', bufferUnordered),
  tasksWorkload('buffered', buffered),
]);
