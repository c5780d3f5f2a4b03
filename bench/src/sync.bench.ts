// @async/sync against a hand-written floor and the peers: async-mutex, async-sema, effect, p-limit,
// p-queue. Run with `pnpm bench sync`.
import { Mutex, Semaphore } from '@async/sync';
import { Mutex as AsyncMutex } from 'async-mutex';
import { Sema } from 'async-sema';
import { Effect } from 'effect';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { runSuite } from './harness';

const resolved: Promise<void> = Promise.resolve();

/** A FIFO of resolvers: an array read from a moving head, compacted now and then (no `shift`). */
class Fifo<T = () => void> {
  private items: (T | undefined)[] = [];
  private head = 0;
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/**
 * The floor: the smallest correct FIFO promise lock, with none of our guarantees (no guard, no
 * abort, no double-release protection). A shared resolved promise when free, a resolver queued otherwise.
 */
class FloorLock {
  private locked = false;
  private readonly waiters = new Fifo();
  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return resolved;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  unlock(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.locked = false;
  }
}

/**
 * A reference: the least a lock that hands out guards can cost. It is the floor, except that each
 * lock resolves a fresh promise to a fresh guard object, as any such lock must, where the floor's free
 * path returns one shared promise of `undefined` and its waiters are resolved with `undefined`. The
 * guard derives from an empty class, as ours do: V8's lookup of `then` on the value a promise
 * resolves to costs several times more on an instance of a base class (measured on Node 20).
 */
class GuardFloorLock {
  data = 0;
  private locked = false;
  private readonly waiters = new Fifo<(guard: GuardFloorGuard) => void>();
  lock(): Promise<GuardFloorGuard> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(new GuardFloorGuard(this));
    }
    return new Promise<GuardFloorGuard>((resolve) => this.waiters.push(resolve));
  }
  unlock(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next(new GuardFloorGuard(this));
    else this.locked = false;
  }
}
class GuardBase {}
class GuardFloorGuard extends GuardBase {
  constructor(readonly lock: GuardFloorLock) {
    super();
  }
}

/**
 * A reference: the least the Mutex's required semantics cost when it is contended. The guard floor,
 * except that a waiter is a node of a doubly linked list, so that a wait aborted by its signal can
 * leave the queue in O(1) (the cancellation contract), and a node holds its own resolver, as a waiter
 * of any abortable queue must. No signal is watched here, no close, no partial grants: only the
 * shape every hand-off of an abortable FIFO lock pays for.
 */
class LeavingGuardLock {
  data = 0;
  private locked = false;
  private head: LeavingNode | undefined = undefined;
  private tail: LeavingNode | undefined = undefined;
  lock(): Promise<LeavingGuard> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(new LeavingGuard(this));
    }
    const node = new LeavingNode();
    const promise = new Promise<LeavingGuard>((resolve) => {
      node.resolve = resolve;
    });
    node.prev = this.tail;
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    return promise;
  }
  /** What an aborted wait does: unlink its node, whatever its place in the queue. */
  leave(node: LeavingNode): void {
    if (node.prev === undefined) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = undefined;
  }
  unlock(): void {
    const next = this.head;
    if (next === undefined) {
      this.locked = false;
      return;
    }
    this.leave(next);
    next.resolve!(new LeavingGuard(this));
  }
}
class LeavingNode {
  prev: LeavingNode | undefined = undefined;
  next: LeavingNode | undefined = undefined;
  resolve: ((guard: LeavingGuard) => void) | undefined = undefined;
}
class LeavingGuard extends GuardBase {
  constructor(readonly lock: LeavingGuardLock) {
    super();
  }
}

/** The floor for limiting: a counter and a FIFO of resolvers, the same shape as FloorLock. */
class FloorLimit {
  private free: number;
  private readonly waiters = new Fifo();
  constructor(n: number) {
    this.free = n;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return resolved;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.free++;
  }
}

const UNCONTENDED = 1_000_000;
const TASKS = 100;
const PER_TASK = 10_000;
const LIMITED = 200_000;
const LIMIT = 16;

function check(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`invariant broken: ${actual} !== ${expected}`);
}

const job = async (): Promise<void> => {
  await null;
};

async function limited(run: (fn: () => Promise<void>) => Promise<void>): Promise<void> {
  const all: Promise<void>[] = new Array(LIMITED);
  for (let i = 0; i < LIMITED; i++) all[i] = run(job);
  await Promise.all(all);
}

// Our mutex in its fast form: try/finally release (`using` costs more under Node 20's lowering).
async function oursUncontended(): Promise<void> {
  const m = new Mutex(0);
  for (let i = 0; i < UNCONTENDED; i++) {
    const g = await m.lock();
    try {
      g.value++;
    } finally {
      g.release();
    }
  }
  check(m.tryLock()!.value, UNCONTENDED);
}

async function oursContended(): Promise<void> {
  const m = new Mutex(0);
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      const g = await m.lock();
      try {
        const seen = g.value;
        await null;
        g.value = seen + 1;
      } finally {
        g.release();
      }
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(m.tryLock()!.value, TASKS * PER_TASK);
}

function effectUncontended(): Promise<void> {
  return Effect.runPromise(
    Effect.gen(function* () {
      const sem = yield* Effect.makeSemaphore(1);
      let counter = 0;
      const inc = sem.withPermits(1)(Effect.sync(() => counter++));
      for (let i = 0; i < UNCONTENDED; i++) yield* inc;
      check(counter, UNCONTENDED);
    }),
  );
}

function effectContended(): Promise<void> {
  return Effect.runPromise(
    Effect.gen(function* () {
      const sem = yield* Effect.makeSemaphore(1);
      let shared = 0;
      const step = sem.withPermits(1)(
        Effect.gen(function* () {
          const seen = shared;
          yield* Effect.yieldNow();
          shared = seen + 1;
        }),
      );
      const task = Effect.gen(function* () {
        for (let i = 0; i < PER_TASK; i++) yield* step;
      });
      yield* Effect.all(
        Array.from({ length: TASKS }, () => task),
        { concurrency: 'unbounded' },
      );
      check(shared, TASKS * PER_TASK);
    }),
  );
}

// Each contender has its own copy of the loop, so that no call site is shared (and made polymorphic)
// between contenders.
async function floorUncontended(): Promise<void> {
  const l = new FloorLock();
  let counter = 0;
  for (let i = 0; i < UNCONTENDED; i++) {
    await l.lock();
    counter++;
    l.unlock();
  }
  check(counter, UNCONTENDED);
}

async function guardFloorUncontended(): Promise<void> {
  const l = new GuardFloorLock();
  for (let i = 0; i < UNCONTENDED; i++) {
    const g = await l.lock();
    g.lock.data++;
    g.lock.unlock();
  }
  check(l.data, UNCONTENDED);
}

async function floorContended(): Promise<void> {
  const l = new FloorLock();
  let shared = 0;
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      await l.lock();
      const seen = shared;
      await null;
      shared = seen + 1;
      l.unlock();
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(shared, TASKS * PER_TASK);
}

async function guardFloorContended(): Promise<void> {
  const l = new GuardFloorLock();
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      const g = await l.lock();
      const seen = g.lock.data;
      await null;
      g.lock.data = seen + 1;
      g.lock.unlock();
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(l.data, TASKS * PER_TASK);
}

async function leavingGuardContended(): Promise<void> {
  const l = new LeavingGuardLock();
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      const g = await l.lock();
      const seen = g.lock.data;
      await null;
      g.lock.data = seen + 1;
      g.lock.unlock();
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(l.data, TASKS * PER_TASK);
}

async function asyncMutexUncontended(): Promise<void> {
  const m = new AsyncMutex();
  let counter = 0;
  for (let i = 0; i < UNCONTENDED; i++) {
    const release = await m.acquire();
    counter++;
    release();
  }
  check(counter, UNCONTENDED);
}

async function asyncMutexContended(): Promise<void> {
  const m = new AsyncMutex();
  let shared = 0;
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      const release = await m.acquire();
      const seen = shared;
      await null;
      shared = seen + 1;
      release();
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(shared, TASKS * PER_TASK);
}

async function semaUncontended(): Promise<void> {
  const s = new Sema(1);
  let counter = 0;
  for (let i = 0; i < UNCONTENDED; i++) {
    await s.acquire();
    counter++;
    s.release();
  }
  check(counter, UNCONTENDED);
}

async function semaContended(): Promise<void> {
  const s = new Sema(1);
  let shared = 0;
  const task = async () => {
    for (let i = 0; i < PER_TASK; i++) {
      await s.acquire();
      const seen = shared;
      await null;
      shared = seen + 1;
      s.release();
    }
  };
  await Promise.all(Array.from({ length: TASKS }, task));
  check(shared, TASKS * PER_TASK);
}

const only = process.env.SYNC_BENCH_ONLY?.split(',');
const pick = <T extends { name: string }>(contenders: T[]): T[] =>
  only === undefined ? contenders : contenders.filter((c) => only.some((o) => c.name.includes(o)));

await runSuite('sync', '@async/sync benchmarks', [
  {
    name: `Mutex uncontended: ${UNCONTENDED.toLocaleString('en')} × lock → increment → unlock`,
    ops: UNCONTENDED,
    unit: 'lock',
    floor: 'floor (FIFO promise lock)',
    rounds: 7,
    contenders: pick([
      { name: 'floor (FIFO promise lock)', run: floorUncontended },
      { name: 'reference: the floor resolving to a guard object', run: guardFloorUncontended },
      { name: '@async/sync Mutex', ours: true, run: oursUncontended },
      { name: 'async-sema', run: semaUncontended },
    ]),
  },
  {
    name: `Mutex contended: ${TASKS} tasks × ${PER_TASK.toLocaleString('en')} locks, an await inside`,
    ops: TASKS * PER_TASK,
    unit: 'lock',
    floor: 'floor (FIFO promise lock)',
    rounds: 5,
    contenders: pick([
      { name: 'floor (FIFO promise lock)', run: floorContended },
      { name: 'reference: the floor resolving to a guard object', run: guardFloorContended },
      { name: 'reference: the guard floor with waiters that can leave in O(1)', run: leavingGuardContended },
      { name: '@async/sync Mutex', ours: true, run: oursContended },
      { name: 'async-sema', run: semaContended },
    ]),
  },
  {
    name: `Semaphore: ${LIMITED.toLocaleString('en')} tasks (one await each), ${LIMIT} at a time`,
    ops: LIMITED,
    unit: 'task',
    floor: 'floor (counter + FIFO)',
    rounds: 7,
    contenders: pick([
      {
        name: 'floor (counter + FIFO)',
        run: () => {
          const l = new FloorLimit(LIMIT);
          return limited((fn) =>
            l.acquire().then(() =>
              fn().then(
                () => l.release(),
                (e: unknown) => {
                  l.release();
                  throw e;
                },
              ),
            ),
          );
        },
      },
      {
        name: '@async/sync Semaphore.withPermit',
        ours: true,
        run: () => {
          const sem = new Semaphore(LIMIT);
          return limited((fn) => sem.withPermit(fn));
        },
      },
      {
        name: 'p-limit',
        run: () => {
          const limit = pLimit(LIMIT);
          return limited((fn) => limit(fn));
        },
      },
      {
        name: 'p-queue',
        run: () => {
          const queue = new PQueue({ concurrency: LIMIT });
          return limited((fn) => queue.add(fn));
        },
      },
      {
        name: 'async-sema',
        run: () => {
          const s = new Sema(LIMIT);
          return limited((fn) =>
            s.acquire().then(() =>
              fn().then(
                () => s.release(),
                (e: unknown) => {
                  s.release();
                  throw e;
                },
              ),
            ),
          );
        },
      },
    ]),
  },
  // async-mutex and Effect take seconds per run and leave a heap that slows whatever runs after them
  // (the floor and the Mutex by up to a third): they meet our Mutex in workloads of their own, last.
  {
    name: `Mutex uncontended, against async-mutex and Effect: ${UNCONTENDED.toLocaleString('en')} × lock → increment → unlock`,
    ops: UNCONTENDED,
    unit: 'lock',
    rounds: 5,
    contenders: pick([
      { name: '@async/sync Mutex', ours: true, run: oursUncontended },
      { name: 'async-mutex', run: asyncMutexUncontended },
      { name: 'effect', run: effectUncontended },
    ]),
  },
  {
    name: `Mutex contended, against async-mutex and Effect: ${TASKS} tasks × ${PER_TASK.toLocaleString('en')} locks, an await inside`,
    ops: TASKS * PER_TASK,
    unit: 'lock',
    rounds: 5,
    contenders: pick([
      { name: '@async/sync Mutex', ours: true, run: oursContended },
      { name: 'async-mutex', run: asyncMutexContended },
      { name: 'effect', run: effectContended },
    ]),
  },
]);
