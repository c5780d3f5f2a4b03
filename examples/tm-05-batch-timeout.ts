// TM-05: one timeout over a whole batch: all of it within the budget, or none of it.
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

function job(value: number, delayMs: number, out: Out) {
  return async (signal: AbortSignal): Promise<number> => {
    try {
      await sleep(delayMs, { signal });
      return value;
    } catch (e) {
      out(`  job ${value} cancelled`);
      throw e;
    }
  };
}

async function batch(budget: number, out: Out): Promise<void> {
  const jobs = [job(1, 100, out), job(2, 200, out), job(3, 300, out)];
  try {
    // One limit for the batch; when it passes, the batch's signal aborts every job still running.
    const results = await timeout(budget, (signal) => Promise.all(jobs.map((run) => run(signal))));
    out(`budget ${budget} ms: all done ${JSON.stringify(results)}`);
  } catch (e) {
    if (!TimeoutError.is(e)) throw e;
    out(`budget ${budget} ms: batch timed out`);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  await batch(350, out);
  await batch(250, out);
}

if (isMain(import.meta)) await main();
