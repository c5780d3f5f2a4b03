// RT-06: how much a task costs: spawn 1000 tasks that each wait once, and await them all.
//
// Rust → TypeScript: the seed times `tokio::spawn(async { sleep(1µs).await })` × 1000 and awaits the
// handles one by one. Here each task awaits one turn of the event loop (`yieldNow`, the closest thing
// to a 1 µs sleep), and the same work is timed three ways in one run: raw async functions with
// `Promise.all` (the floor: what the language itself costs), `spawn` with the handles awaited in
// order (the seed's shape), and a `JoinSet` drained in completion order. Figures vary by machine and
// load, so they are printed, not asserted; `pnpm bench` has the careful measurements.
import { JoinSet, spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

const TASKS = 1000;

interface Stats {
  /** Tasks that had started before the first one finished. */
  startedBeforeFirstDone: number;
  /** Tasks that ran to the end. */
  completed: number;
}

function work(stats: Stats, state: { anyDone: boolean }) {
  return async (): Promise<number> => {
    if (!state.anyDone) stats.startedBeforeFirstDone++;
    await yieldNow();
    state.anyDone = true;
    stats.completed++;
    return 1;
  };
}

const strategies: Record<string, (task: () => Promise<number>) => Promise<number>> = {
  'Promise.all (floor)': async (task) => {
    const results = await Promise.all(Array.from({ length: TASKS }, () => task()));
    return results.reduce((a, b) => a + b, 0);
  },
  'spawn + await each': async (task) => {
    const handles = Array.from({ length: TASKS }, () => spawn(task));
    let sum = 0;
    for (const handle of handles) sum += await handle;
    return sum;
  },
  'JoinSet + joinNext': async (task) => {
    await using set = new JoinSet<number>();
    for (let i = 0; i < TASKS; i++) set.spawn(task);
    let sum = 0;
    for await (const value of set) sum += value;
    return sum;
  },
};

export async function main(out: Out = console.log, rounds = 5): Promise<Record<string, Stats>> {
  const all: Record<string, Stats> = {};
  for (const [name, strategy] of Object.entries(strategies)) {
    const times: number[] = [];
    await strategy(work({ startedBeforeFirstDone: 0, completed: 0 }, { anyDone: false })); // warm-up
    for (let round = 0; round < rounds; round++) {
      const stats: Stats = { startedBeforeFirstDone: 0, completed: 0 };
      const started = performance.now();
      const sum = await strategy(work(stats, { anyDone: false }));
      times.push(performance.now() - started);
      if (sum !== TASKS || stats.completed !== TASKS) throw new Error(`${name}: only ${sum} tasks completed`);
      all[name] = stats;
    }
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    out(
      `${name}: ${TASKS} tasks in ${median.toFixed(2)} ms (median of ${rounds}), ${((median * 1000) / TASKS).toFixed(2)} µs per task`,
    );
  }
  const concurrent = Object.values(all).every((s) => s.startedBeforeFirstDone === TASKS);
  out(`in every strategy all ${TASKS} tasks had started before the first one finished: ${concurrent}`);
  return all;
}

if (isMain(import.meta)) await main();
