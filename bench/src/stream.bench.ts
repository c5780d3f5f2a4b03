// @async/stream against a hand-written chain of async generators (the floor), streaming-iterables,
// Effect's Stream and IxJS; and its concurrent operators against p-map and Effect's forEach. The
// peers that take seconds per run (Effect, IxJS) run last, in workloads of their own with ours.
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

/**
 * Reference: the worker pool given what the operators are given and owe — tasks made lazily by a mapped
 * iterator (a closure per item, as `map((x) => () => work(x))` makes), each called with a signal that one
 * AbortController aborts on early exit, results in input order. The least the semantics cost, without
 * a stream protocol between producer and consumer.
 */
async function workerPoolOverTasks(concurrency: number): Promise<number[]> {
  const out: number[] = [];
  const tasks = items.values();
  const make = (x: number) => (_signal: AbortSignal) => work(x);
  const controller = new AbortController();
  const signal = controller.signal;
  let next = 0;
  const worker = async () => {
    for (let r = tasks.next(); !r.done; r = tasks.next()) {
      const i = next++;
      out[i] = await make(r.value)(signal);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } catch (e) {
    controller.abort(e);
    throw e;
  }
  return out;
}

/**
 * One concurrency workload: our operator against the worker pool and p-map; with `effect`, against
 * Effect's forEach instead, in a workload of its own run after the others (the harness's rule for a
 * peer that takes seconds per run: the heap it leaves behind slows whatever runs next).
 */
function tasksWorkload(name: string, op: typeof buffered, effect = false): Workload {
  const ours = {
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
  };
  if (!effect) {
    return {
      name: `${name}(16) over ${TASKS} async tasks`,
      ops: TASKS,
      unit: 'task',
      floor: 'worker pool (floor)',
      contenders: [
        { name: 'worker pool (floor)', run: async () => checkLength(await workerPool(16)) },
        ours,
        {
          name: 'worker pool over lazily made, abortable tasks (reference)',
          run: async () => checkLength(await workerPoolOverTasks(16)),
        },
        { name: 'p-map', run: async () => checkLength(await pMap(items, work, { concurrency: 16 })) },
      ],
    };
  }
  return {
    name: `${name}(16) over ${TASKS} async tasks, against Effect`,
    ops: TASKS,
    unit: 'task',
    contenders: [
      ours,
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
    ],
  },
  tasksWorkload('bufferUnordered', bufferUnordered),
  tasksWorkload('buffered', buffered),
  {
    name: `map → filter → take(${TAKE}) → reduce over ${N} items, against Effect and IxJS`,
    ops: N,
    unit: 'item',
    rounds: 5,
    contenders: [
      {
        name: '@async/stream pipe',
        ours: true,
        run: async () =>
          check(await pipe(range(N), map(double), filter(notDivisibleBy3), take(TAKE), reduce(add, 0))),
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
  tasksWorkload('bufferUnordered', bufferUnordered, true),
  tasksWorkload('buffered', buffered, true),
]);
