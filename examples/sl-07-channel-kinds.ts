// SL-07: select over different channel kinds. Every receiver of @async/channels is a select branch:
// mpsc and broadcast give the message, watch the new value, oneshot its single value.
import { broadcast, mpsc, oneshot, watch } from '@async/channels';
import { select } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [jobTx, jobs] = mpsc.channel<string>(4);
  const [newsTx, news] = broadcast<string>(4);
  const [configTx, config] = watch('v1');
  const [doneTx, done] = oneshot<string>();

  await jobTx.send('job 1');
  newsTx.send('headline');
  configTx.send('v2');
  doneTx.send('finished');

  for (;;) {
    const r = await select({ jobs, news, config, done }, { biased: true });
    switch (r.key) {
      case 'jobs':
        out(`mpsc: ${r.value}`);
        break;
      case 'news':
        out(`broadcast: ${r.value}`);
        break;
      case 'config':
        out(`watch: config is now ${r.value}`);
        break;
      case 'done':
        out(`oneshot: ${r.value}`);
        return;
    }
  }
}

if (isMain(import.meta)) await main();
