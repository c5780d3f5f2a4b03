// TK-01: spawn a task and await its JoinHandle (tokio::spawn + handle.await).
//
// Rust → TypeScript: `tokio::spawn(async move { … })` → `spawn(async () => …)`. A JoinHandle is a
// thenable, so `handle.await` is `await handle`. Unlike a Rust future, the task starts at once: it
// runs up to its first `await` before `spawn` returns. `tokio::join!(h1, h2)` → `join([h1, h2])`.
import { setTimeout as sleep } from 'node:timers/promises';
import { join, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const started = performance.now();

  const handle1 = spawn(async () => {
    out('task 1 started');
    await sleep(15);
    out('task 1 complete');
    return 42;
  });
  const handle2 = spawn(async () => {
    out('task 2 started');
    await sleep(30);
    out('task 2 complete');
    return 100;
  });
  // Both tasks already ran to their first await; neither has finished.
  out(`spawned two tasks; finished: ${handle1.isFinished()}, ${handle2.isFinished()}`);

  // Awaiting a handle gives the task's value. join awaits both at once.
  const [result1, result2] = await join([handle1, handle2]);
  out(`results: ${result1}, ${result2}; finished: ${handle1.isFinished()}, ${handle2.isFinished()}`);

  // A handle can be awaited again (the value is kept), as many times as you like.
  out(`awaited again: ${await handle1}`);

  // The tasks ran concurrently: about 30 ms in all, where awaiting one after the other takes 45.
  out(`took ${Math.round(performance.now() - started)} ms (one after the other: 45 ms)`);
}

if (isMain(import.meta)) await main();
