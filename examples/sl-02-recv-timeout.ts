// SL-02: receive with a timeout, two ways: select between the receiver and a sleep, or `timeout` around
// a receive. Either way a message that arrives later is not lost.
import { mpsc } from '@async/channels';
import { select } from '@async/core';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<string>(4);

  const r = await select({ msg: rx, timeout: sleep(50) });
  out(r.key === 'timeout' ? 'select: no message within 50 ms' : `select: ${r.value}`);

  void sleep(10).then(() => tx.trySend('quick'));
  const quick = await select({ msg: rx, timeout: sleep(500) });
  out(quick.key === 'msg' ? `select: got ${quick.value}` : 'select: timed out');

  try {
    await timeout(30, (signal) => rx.recv({ signal }));
  } catch (e) {
    if (TimeoutError.is(e)) out('timeout(): gave up after 30 ms');
  }
  tx.trySend('late');
  out(`the late message is still there: ${await rx.recv()}`);
}

if (isMain(import.meta)) await main();
