// SY-04: a Semaphore limiting concurrency; owned permits; forgetting permits.
//
// Rust → TypeScript: `sem.acquire().await` → `await sem.acquire()`; `Arc<Semaphore>` +
// `acquire_owned()` → the same `Permit`, which can be handed to another task and released there (no
// Arc or owned variant needed); `permit.forget()` and `add_permits` as in tokio. `withPermit(fn)` is
// acquire → run → release in one call.
import { spawn } from '@async/core';
import { Semaphore } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const sem = new Semaphore(3);
  let running = 0;
  let peak = 0;

  // Ten downloads, at most three at a time.
  const downloads = Array.from({ length: 10 }, (_, i) =>
    sem.withPermit(async () => {
      peak = Math.max(peak, ++running);
      await sleep(10 + (i % 3) * 5);
      running--;
      return i;
    }),
  );
  const done = await Promise.all(downloads);
  out(`downloaded ${done.length} files, at most ${peak} at once`);

  // An owned permit: acquired here, moved into a spawned task, released when that task is done.
  const permit = await sem.acquire();
  out(`acquired one; available ${sem.available}`);
  const task = spawn(async () => {
    using held = permit; // the task owns it now
    await sleep(5);
    return held.permits;
  });
  await task;
  out(`task finished and released it; available ${sem.available}`);

  // A batch acquisition takes several permits at once.
  const batch = await sem.acquire(2);
  out(`batch of ${batch.permits}; available ${sem.available}`);
  batch.release();

  // forget() shrinks the semaphore for good: capacity goes from 3 to 2.
  (await sem.acquire()).forget();
  out(`after forget: available ${sem.available}`);
  sem.addPermits(2);
  out(`after addPermits(2): available ${sem.available}`);
}

if (isMain(import.meta)) await main();
