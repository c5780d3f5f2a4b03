// @async/core against raw promises and Effect. Targets (issue 2): spawn+await >= 0.5x Promise.all and
// faster than Effect fork/join; select over 2 selectables (one ready) <= 4x the promise floor per op;
// a JoinSet of 100,000 tasks drained with joinNext <= 2x Promise.all.
import { CancellationToken, JoinSet, select, spawn } from '@async/core';
import { Effect, Fiber } from 'effect';
import { runSuite } from './harness';

const TASKS = 100_000;
const SELECTS = 1_000_000;
const fns = Array.from({ length: TASKS }, (_, i) => async () => i);

let sink = 0;

async function promiseFloor(n: number): Promise<void> {
  for (let i = 0; i < n; i++) sink += await new Promise<number>((resolve) => resolve(i));
}

/**
 * The least any task handle does, as a reference for spawn: it records when its task ends (one
 * reaction on the task's promise, which is how `isFinished()`, a `JoinSet` or a `scope` can know) and
 * is awaited as a thenable. No abort, no `JoinError`, no owner, no name.
 */
class BareHandle<T> implements PromiseLike<T> {
  finished = false;
  private readonly promise: Promise<T>;
  constructor(fn: () => Promise<T>) {
    this.promise = fn().then(
      (value) => {
        this.finished = true;
        return value;
      },
      (error: unknown) => {
        this.finished = true;
        throw error;
      },
    );
  }
  // biome-ignore lint/suspicious/noThenProperty: awaited like a promise, as a JoinHandle is.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }
}

/** The floor of both task workloads. */
const promiseAll = {
  name: 'Promise.all over the async functions',
  run: async () => {
    const all = await Promise.all(fns.map((f) => f()));
    sink += all.length;
  },
};

async function spawnAndAwait(): Promise<void> {
  const handles = fns.map((f) => spawn(f));
  for (const h of handles) sink += await h;
}

const ready = new CancellationToken();
ready.cancel();
const idle = new CancellationToken();

// Effect runs alone with us in the last workload: the heap its 100,000 fibers leave behind slows every
// allocation after it (a promise floor, or Promise.all, measured beside or after it runs two to three
// times slower than in a fresh process), which would flatter every ratio to those floors.
await runSuite('core', '@async/core benchmarks', [
  {
    name: `select over 2 selectables, one ready, ${SELECTS.toLocaleString('en')} times`,
    ops: SELECTS,
    unit: 'op',
    floor: 'promise floor: new Promise + resolve + await',
    contenders: [
      { name: 'promise floor: new Promise + resolve + await', run: () => promiseFloor(SELECTS) },
      {
        name: 'select({ ready, idle })',
        ours: true,
        run: async () => {
          for (let i = 0; i < SELECTS; i++) if ((await select({ ready, idle })).key === 'ready') sink++;
        },
      },
    ],
  },
  {
    name: `JoinSet of ${TASKS.toLocaleString('en')} tasks drained with joinNext`,
    ops: TASKS,
    unit: 'task',
    floor: promiseAll.name,
    contenders: [
      promiseAll,
      {
        name: 'JoinSet.spawn + joinNext',
        ours: true,
        run: async () => {
          const set = new JoinSet<number>();
          for (const f of fns) set.spawn(f);
          while (set.size > 0) sink += (await set.joinNext())!;
        },
      },
    ],
  },
  {
    name: `spawn + await ${TASKS.toLocaleString('en')} trivial tasks`,
    ops: TASKS,
    unit: 'task',
    floor: promiseAll.name,
    contenders: [
      promiseAll,
      { name: 'spawn, then await each handle', ours: true, run: spawnAndAwait },
      {
        name: 'reference: bare handle with a completion reaction',
        run: async () => {
          const handles = fns.map((f) => new BareHandle(f));
          for (const h of handles) sink += await h;
        },
      },
    ],
  },
  {
    // A workload of its own, and the last: see the note above the suite.
    name: `spawn + await ${TASKS.toLocaleString('en')} trivial tasks, against Effect's fork and join`,
    ops: TASKS,
    unit: 'task',
    rounds: 5, // Effect takes seconds per run
    contenders: [
      { name: 'spawn, then await each handle', ours: true, run: spawnAndAwait },
      {
        name: 'effect Effect.fork + Fiber.joinAll',
        run: async () => {
          const program = Effect.forEach(fns, (f) => Effect.fork(Effect.promise(f))).pipe(
            Effect.flatMap((fibers) => Fiber.joinAll(fibers)),
          );
          const all = await Effect.runPromise(program);
          sink += all.length;
        },
      },
    ],
  },
]);
if (sink === 42) console.log('');
