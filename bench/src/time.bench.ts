// @async/time against the raw host timers and p-timeout / node:timers/promises.
import { appendFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { sleep, timeout } from '@async/time';
import pTimeout from 'p-timeout';
import { runSuite, type Workload } from './harness';

const N = 1_000_000;
const LIMIT = 10_000;

/** The floor: the least code that puts a time limit on a promise with a host timer per call. */
function rawTimeout<T>(ms: number, op: PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    op.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** One call at a time: create a timeout around an already-resolving op, await it (the timer is cancelled). */
function sequential(limit: (op: Promise<number>) => Promise<number>) {
  return async () => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += await limit(Promise.resolve(i));
    return sum;
  };
}

/** 1,000 calls in flight at a time: many live logical timers, all cancelled. */
const NB = 200_000;
function batched(limit: (op: Promise<number>) => Promise<number>) {
  return async () => {
    const calls: Promise<number>[] = new Array(1000);
    for (let i = 0; i < NB; i += 1000) {
      for (let k = 0; k < 1000; k++) calls[k] = limit(Promise.resolve(k));
      await Promise.all(calls);
    }
  };
}

const SLEEPS = 100_000;
const lengths = Array.from({ length: SLEEPS }, (_, i) => 1 + ((i * 7919) % 20)); // 1..20 ms, scattered

/** Each sleep awaited by its own async function, as code that sleeps is written. */
function allSleeps(make: (ms: number) => PromiseLike<unknown>) {
  return () =>
    Promise.all(
      lengths.map(async (ms) => {
        await make(ms);
      }),
    );
}

const workloads: Workload[] = [
  {
    name: `create and cancel ${N.toLocaleString('en')} timeouts around already-resolving operations, one at a time`,
    ops: N,
    unit: 'call',
    floor: 'raw setTimeout/clearTimeout',
    rounds: 3,
    contenders: [
      { name: 'raw setTimeout/clearTimeout', run: sequential((op) => rawTimeout(LIMIT, op)) },
      { name: '@async/time timeout', ours: true, run: sequential((op) => timeout(LIMIT, op)) },
      { name: 'p-timeout', run: sequential((op) => pTimeout(op, { milliseconds: LIMIT })) },
    ],
  },
  {
    name: `create and cancel ${NB.toLocaleString('en')} timeouts, 1,000 in flight`,
    ops: NB,
    unit: 'call',
    floor: 'raw setTimeout/clearTimeout',
    rounds: 5,
    contenders: [
      { name: 'raw setTimeout/clearTimeout', run: batched((op) => rawTimeout(LIMIT, op)) },
      { name: '@async/time timeout', ours: true, run: batched((op) => timeout(LIMIT, op)) },
      { name: 'p-timeout', run: batched((op) => pTimeout(op, { milliseconds: LIMIT })) },
    ],
  },
  {
    name: `${SLEEPS.toLocaleString('en')} concurrent sleeps of 1-20 ms, each awaited, until all fired`,
    ops: SLEEPS,
    unit: 'sleep',
    floor: 'raw setTimeout',
    rounds: 5,
    contenders: [
      { name: 'raw setTimeout', run: allSleeps((ms) => new Promise((r) => setTimeout(r, ms))) },
      { name: '@async/time sleep', ours: true, run: allSleeps((ms) => sleep(ms)) },
      { name: '@async/time sleep(ms).then()', ours: true, run: allSleeps((ms) => sleep(ms).then()) },
      { name: 'node:timers/promises', run: allSleeps((ms) => delay(ms)) },
    ],
  },
];

/** Heap bytes per pending sleep, 100,000 of them alive at once (needs --expose-gc). */
async function memoryPerSleep(make: (ms: number) => PromiseLike<unknown>): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const pending = lengths.map((ms) => make(ms + 1000));
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / SLEEPS;
  await Promise.all(pending);
  return bytes;
}

await runSuite('time', '@async/time benchmarks', workloads);

const memory = [
  ['raw setTimeout', (ms: number) => new Promise((r) => setTimeout(r, ms))],
  ['@async/time sleep (awaited: with its promise)', (ms: number) => sleep(ms).then(() => {})],
  ['@async/time sleep (not awaited)', (ms: number) => sleep(ms)],
  ['node:timers/promises', (ms: number) => delay(ms)],
] as const;
const lines = [
  '### memory per pending sleep (100,000 pending, heap bytes each)',
  '',
  '| contender | bytes per pending sleep |',
  '| --- | ---: |',
];
for (const [name, make] of memory) {
  const bytes = await memoryPerSleep(make);
  lines.push(`| ${name.startsWith('@async') ? `**${name}**` : name} | ${bytes.toFixed(0)} |`);
}
console.log(`\n${lines.join('\n')}`);
appendFileSync(new URL('../results/time.md', import.meta.url), `\n${lines.join('\n')}\n`);
