// SY-07: Notify signalling — notifyOne stores a permit, notifyWaiters wakes everyone waiting.
//
// Rust → TypeScript: `notify.notified().await` → `await notify.notified()`; `notify_one()` →
// `notifyOne()`; `notify_waiters()` → `notifyWaiters()`. A `Notified` is also a select branch, and
// `enable()` queues it before checking a condition, so no notification slips through (tokio's
// `enable` pattern).
import { Notify } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // notifyOne before anyone waits: one permit is stored, the next wait returns at once.
  const notify = new Notify();
  notify.notifyOne();
  notify.notifyOne(); // still one permit
  await notify.notified();
  out('stored permit consumed at once');

  // A queue of jobs: the producer signals, the consumer wakes and drains.
  const jobs: string[] = [];
  const jobReady = new Notify();
  let stop = false;
  const consumer = (async () => {
    const seen: string[] = [];
    while (!stop || jobs.length > 0) {
      const wait = jobReady.notified();
      wait.enable(); // queued before the check: a notifyOne from now on cannot be missed
      if (jobs.length === 0 && !stop) await wait;
      else wait[Symbol.dispose]();
      while (jobs.length > 0) seen.push(jobs.shift()!);
    }
    return seen;
  })();
  for (const job of ['a', 'b', 'c']) {
    jobs.push(job);
    jobReady.notifyOne();
    await sleep(5);
  }
  stop = true;
  jobReady.notifyOne();
  out(`consumer got: ${(await consumer).join(', ')}`);

  // notifyWaiters: a broadcast to every current waiter; it stores nothing for later ones.
  const start = new Notify();
  const runners = [1, 2, 3].map(async (i) => {
    await start.notified();
    return `runner ${i}`;
  });
  await sleep(1);
  start.notifyWaiters();
  out(`${(await Promise.all(runners)).join(', ')} started together`);
  const late = start.notified();
  out(`a later wait is not woken by the earlier broadcast: ${late.enable() === false}`);
  late[Symbol.dispose]();
}

if (isMain(import.meta)) await main();
