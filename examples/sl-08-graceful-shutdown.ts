// SL-08: graceful shutdown with select. The worker checks the shutdown token first (biased) between
// jobs: the job in progress finishes, no new one starts, and what is left stays in the channel.
import { mpsc } from '@async/channels';
import { CancellationToken, select, spawn } from '@async/core';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const shutdown = new CancellationToken();
  const [tx, jobs] = mpsc.channel<number>(16);
  for (let i = 1; i <= 5; i++) await tx.send(i);

  const worker = spawn(async () => {
    let done = 0;
    for (;;) {
      const r = await select({ shutdown, job: jobs }, { biased: true });
      if (r.key === 'shutdown' || r.value === undefined) break;
      out(`job ${r.value}: started`);
      await sleep(100); // the job runs to completion even if shutdown comes meanwhile
      out(`job ${r.value}: done`);
      done++;
    }
    out('worker: stopped');
    return done;
  });

  await sleep(250);
  out('shutdown requested');
  shutdown.cancel();
  const done = await worker;
  jobs.close();
  out(`${done} jobs done, ${jobs.length} left in the channel`);
}

if (isMain(import.meta)) await main();
