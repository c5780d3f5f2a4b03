// RT-04: CPU-bound or blocking work off the event loop (`spawn_blocking`, rayon).
//
// Rust → TypeScript: `tokio::task::spawn_blocking(move || heavy())` runs a closure on a thread of a
// blocking pool. JavaScript's counterpart is a worker thread (node:worker_threads; a Web Worker in a
// browser). The closure's `Send + 'static` bound becomes stricter: the function is sent to the worker
// as source text, so it must be self-contained (no captured variables), and its input and output are
// copied with structured clone. Unlike tokio's, this blocking task can be aborted: aborting the
// handle terminates the worker. For many jobs, keep a pool of workers (piscina, or a WorkerPool as in
// TK-09 whose jobs post to workers) instead of starting one per job, as tokio keeps a blocking pool.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { JoinError, type JoinHandle, join, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

/**
 * Runs `fn(input)` on a new worker thread and resolves with its result. `fn` must be self-contained:
 * it is sent as source. Aborting `signal` terminates the worker and rejects with the signal's reason.
 */
export function runInWorker<I, O>(fn: (input: I) => O, input: I, signal?: AbortSignal): Promise<O> {
  const source = `require('node:worker_threads').parentPort.postMessage((${fn.toString()})(require('node:worker_threads').workerData));`;
  return new Promise<O>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(source, { eval: true, workerData: input });
    const onAbort = () => {
      void worker.terminate();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new Error(`worker exited with code ${code} before answering`)); // ignored once settled
    });
  });
}

/** `tokio::task::spawn_blocking`: `fn(input)` on a worker thread, as a task with a JoinHandle. */
export function spawnBlocking<I, O>(fn: (input: I) => O, input: I): JoinHandle<O> {
  return spawn((signal) => runInWorker(fn, input, signal));
}

/** CPU-bound work: how many primes are below `limit` (trial division, on purpose slow). */
function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** Counts timer ticks, to see whether the event loop is free. */
function ticker() {
  let ticks = 0;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await sleep(1);
      ticks++;
    }
  })();
  return {
    get ticks() {
      return ticks;
    },
    stop: () => (stopped = true),
  };
}

export async function main(out: Out = console.log): Promise<void> {
  const limit = 300_000;

  // Bad: the computation runs on the event loop; no timer, no I/O, no other task runs meanwhile.
  const blocked = ticker();
  await sleep(5);
  const before = blocked.ticks;
  const inline = countPrimes(limit);
  out(`on the event loop: ${inline} primes; timer ticks during the computation: ${blocked.ticks - before}`);
  blocked.stop();

  // Good: on a worker thread; the event loop stays free (the tick count is printed, not promised).
  const free = ticker();
  const offloaded = await spawnBlocking(countPrimes, limit);
  free.stop();
  out(`on a worker thread: ${offloaded} primes; same answer: ${offloaded === inline}`);
  out(`  (the event loop ticked ${free.ticks} times meanwhile)`);

  // Mixed workload: I/O-like steps on the event loop while CPU work runs on a worker.
  const io = spawn(async () => {
    const steps: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(1);
      steps.push(i);
    }
    return steps.length;
  });
  const { ioSteps, primes } = await join({ ioSteps: io, primes: spawnBlocking(countPrimes, 50_000) });
  out(`mixed: ${ioSteps} I/O steps and ${primes} primes, concurrently`);

  // Unlike spawn_blocking, a worker can be stopped: abort terminates it.
  const huge = spawnBlocking(countPrimes, 1e12);
  huge.abort();
  const outcome = await huge.then(
    () => 'finished',
    (error: unknown) => (JoinError.is(error) && error.isCancelled() ? 'cancelled' : 'failed'),
  );
  out(`an aborted blocking task: ${outcome}`);
}

if (isMain(import.meta)) await main();
