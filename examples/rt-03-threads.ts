// RT-03: current-thread vs multi-thread: what the single JavaScript event loop means, and where
// worker threads come in.
//
// Rust → TypeScript: a JavaScript program is always tokio's `current_thread` runtime: one thread
// runs every task, so tasks never run in parallel and need no `Send`, and one task that blocks (a long
// synchronous loop) stalls all the others. Tasks interleave only at `await`. The multi-thread
// runtime's parallelism comes from worker threads: each has its own event loop and memory, and they
// exchange copied messages (see RT-04 for running work on one). `std::thread::current().id()` →
// `threadId` from node:worker_threads.
import { threadId } from 'node:worker_threads';
import { join, spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';
import { runInWorker } from './rt-04-blocking-work';

export async function main(out: Out = console.log): Promise<void> {
  // Every task runs on the thread that spawned it.
  const ids = await join(
    Array.from({ length: 5 }, () =>
      spawn(async () => {
        await yieldNow();
        return threadId;
      }),
    ),
  );
  out(`5 tasks ran on ${new Set(ids).size} thread, the spawning one: ${ids.every((id) => id === threadId)}`);

  // Tasks interleave only at await points.
  const order: string[] = [];
  const stepper = (name: string, awaitBetween: boolean) => async () => {
    for (let step = 1; step <= 3; step++) {
      order.push(`${name}${step}`);
      if (awaitBetween) await yieldNow();
    }
  };
  await join([spawn(stepper('A', true)), spawn(stepper('B', true))]);
  out(`with an await between steps: ${order.splice(0).join(' ')}`);
  await join([spawn(stepper('A', false)), spawn(stepper('B', false))]);
  out(`without: ${order.join(' ')}`);

  // One blocking task stalls all others: a timer due now fires only after a 30 ms synchronous loop.
  const events: string[] = [];
  const timer = new Promise<void>((resolve) =>
    setTimeout(() => {
      events.push('timer fired');
      resolve();
    }, 0),
  );
  const until = performance.now() + 30;
  while (performance.now() < until) {} // e.g. parsing a huge JSON synchronously
  events.push('blocking loop done');
  await timer;
  out(`a blocking loop delays everything: ${events.join(', then ')}`);

  // Parallelism: worker threads, each a separate event loop with its own thread id.
  // (The function runs in the worker, where it is CommonJS source: `require` is its import.)
  const workerThreadId = (): number => require('node:worker_threads').threadId;
  const workerIds = await join([runInWorker(workerThreadId, null), runInWorker(workerThreadId, null)]);
  const distinct = new Set([threadId, ...workerIds]).size === 3;
  out(`2 workers ran on threads of their own: ${distinct}`);
}

if (isMain(import.meta)) await main();
