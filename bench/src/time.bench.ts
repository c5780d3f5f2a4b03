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

// Every contender's loop is written out on its own: closures made from one shared function literal
// share V8's type feedback, and one contender's deoptimisation then slows the others (seen here as
// 5x swings between runs).

/** One call at a time: a timeout around an already-resolving op, awaited (so its timer is cancelled). */
const sequentialRaw = async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await rawTimeout(LIMIT, Promise.resolve(i));
  return sum;
};
const sequentialOurs = async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await timeout(LIMIT, Promise.resolve(i));
  return sum;
};
const sequentialPTimeout = async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await pTimeout(Promise.resolve(i), { milliseconds: LIMIT });
  return sum;
};

/**
 * The function form, `timeout(ms, (signal) => op(signal))`, around an already-resolved op, one call at
 * a time. The peer is what one writes by hand to give an op a signal aborted on expiry (an
 * AbortController per call); the reference row's op reads its signal, so it pays for making one.
 */
const NF = 200_000;
const op = (i: number, _signal: AbortSignal): Promise<number> => Promise.resolve(i);
const functionRaw = async () => {
  let sum = 0;
  for (let i = 0; i < NF; i++) sum += await rawTimeout(LIMIT, Promise.resolve(i));
  return sum;
};
const functionOurs = async () => {
  let sum = 0;
  for (let i = 0; i < NF; i++) sum += await timeout(LIMIT, (signal) => op(i, signal));
  return sum;
};
const functionByHand = async () => {
  let sum = 0;
  for (let i = 0; i < NF; i++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timed out')), LIMIT);
    try {
      sum += await op(i, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
  return sum;
};
const functionOursReadsSignal = async () => {
  let sum = 0;
  for (let i = 0; i < NF; i++) sum += await timeout(LIMIT, (signal) => (signal.aborted ? -1 : op(i, signal)));
  return sum;
};

/** 1,000 calls in flight at a time: many live logical timers, all cancelled. */
const NB = 200_000;
const batchedRaw = async () => {
  const calls: Promise<number>[] = new Array(1000);
  for (let i = 0; i < NB; i += 1000) {
    for (let k = 0; k < 1000; k++) calls[k] = rawTimeout(LIMIT, Promise.resolve(k));
    await Promise.all(calls);
  }
};
const batchedOurs = async () => {
  const calls: Promise<number>[] = new Array(1000);
  for (let i = 0; i < NB; i += 1000) {
    for (let k = 0; k < 1000; k++) calls[k] = timeout(LIMIT, Promise.resolve(k));
    await Promise.all(calls);
  }
};
const batchedPTimeout = async () => {
  const calls: Promise<number>[] = new Array(1000);
  for (let i = 0; i < NB; i += 1000) {
    for (let k = 0; k < 1000; k++) calls[k] = pTimeout(Promise.resolve(k), { milliseconds: LIMIT });
    await Promise.all(calls);
  }
};

const SLEEPS = 100_000;
const lengths = Array.from({ length: SLEEPS }, (_, i) => 1 + ((i * 7919) % 20)); // 1..20 ms, scattered

/** Each sleep awaited by its own async function, as code that sleeps is written. */
const sleepsRaw = () =>
  Promise.all(
    lengths.map(async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }),
  );
const sleepsOurs = () =>
  Promise.all(
    lengths.map(async (ms) => {
      await sleep(ms);
    }),
  );
const sleepsOursThen = () =>
  Promise.all(
    lengths.map(async (ms) => {
      await sleep(ms).then();
    }),
  );
const sleepsNode = () =>
  Promise.all(
    lengths.map(async (ms) => {
      await delay(ms);
    }),
  );

const workloads: Workload[] = [
  {
    name: `create and cancel ${N.toLocaleString('en')} timeouts around already-resolving operations, one at a time`,
    ops: N,
    unit: 'call',
    floor: 'raw setTimeout/clearTimeout',
    rounds: 3,
    contenders: [
      { name: 'raw setTimeout/clearTimeout', run: sequentialRaw },
      { name: '@async/time timeout', ours: true, run: sequentialOurs },
      { name: 'p-timeout', run: sequentialPTimeout },
    ],
  },
  {
    name: `timeout(ms, (signal) => op(signal)) around ${NF.toLocaleString('en')} already-resolved ops, one at a time`,
    ops: NF,
    unit: 'call',
    floor: 'raw setTimeout/clearTimeout',
    rounds: 5,
    contenders: [
      { name: 'raw setTimeout/clearTimeout', run: functionRaw },
      { name: '@async/time timeout, function op', ours: true, run: functionOurs },
      { name: 'AbortController + setTimeout by hand', run: functionByHand },
      {
        name: '@async/time timeout, function op that reads its signal (reference)',
        ours: true,
        run: functionOursReadsSignal,
      },
    ],
  },
  {
    name: `create and cancel ${NB.toLocaleString('en')} timeouts, 1,000 in flight`,
    ops: NB,
    unit: 'call',
    floor: 'raw setTimeout/clearTimeout',
    rounds: 5,
    contenders: [
      { name: 'raw setTimeout/clearTimeout', run: batchedRaw },
      { name: '@async/time timeout', ours: true, run: batchedOurs },
      { name: 'p-timeout', run: batchedPTimeout },
    ],
  },
  {
    name: `${SLEEPS.toLocaleString('en')} concurrent sleeps of 1-20 ms, each awaited, until all fired`,
    ops: SLEEPS,
    unit: 'sleep',
    floor: 'raw setTimeout',
    rounds: 5,
    contenders: [
      { name: 'raw setTimeout', run: sleepsRaw },
      { name: '@async/time sleep', ours: true, run: sleepsOurs },
      { name: '@async/time sleep(ms).then()', ours: true, run: sleepsOursThen },
      { name: 'node:timers/promises', run: sleepsNode },
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
