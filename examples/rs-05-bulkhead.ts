// RS-05: a bulkhead — fail fast when full.
//
// Rust → TypeScript: the seeds' `semaphore.try_acquire()` → `Err(Rejected)` becomes, by hand, sync's
// `Semaphore.tryAcquire()`; as a policy, `bulkhead(n, { maxQueue })`: n calls at once, a bounded FIFO
// queue behind them, `BulkheadRejectedError` beyond, and a queued caller that gives up (its signal)
// frees its place at once.
import { BulkheadRejectedError, bulkhead } from '@async/resilience';
import { Semaphore } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  out('by hand (Semaphore.tryAcquire):');
  const sem = new Semaphore(2);
  const byHand = async (id: number) => {
    const permit = sem.tryAcquire();
    if (permit === undefined) return `request ${id} rejected`;
    try {
      await sleep(100);
      return `request ${id} served`;
    } finally {
      permit.release();
    }
  };
  for (const line of await Promise.all([1, 2, 3].map(byHand))) out(`  ${line}`);

  out('as a policy (2 at once, 1 waiting):');
  const limit = bulkhead(2, { maxQueue: 1 });
  const request = (id: number, signal?: AbortSignal) =>
    limit
      .execute(
        async () => {
          await sleep(100);
          return `request ${id} served`;
        },
        { signal },
      )
      .catch((e: unknown) =>
        BulkheadRejectedError.is(e)
          ? `request ${id} rejected: bulkhead full`
          : `request ${id} gave up: ${String(e)}`,
      );
  const impatient = new AbortController();
  const results = [request(1), request(2), request(3, impatient.signal), request(4)];
  out(`  running ${limit.active}, queued ${limit.queued}`);
  impatient.abort('client left');
  const fifth = request(5); // the place request 3 left is free again
  out(`  after request 3 left: running ${limit.active}, queued ${limit.queued}`);
  for (const line of await Promise.all([...results, fifth])) out(`  ${line}`);
}

if (isMain(import.meta)) await main();
