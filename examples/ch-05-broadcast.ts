// CH-05: broadcast to many receivers. Every receiver sees every value; one ring of fixed size is shared,
// so a receiver that falls behind is told how many it missed (LaggedError) and carries on.
import { broadcast, LaggedError } from '@async/channels';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, fast] = broadcast<number>(4);
  const slow = tx.subscribe();
  out(`${tx.receiverCount} receivers, ring of ${tx.capacity}`);

  const fastSeen: number[] = [];
  for (let i = 1; i <= 10; i++) {
    tx.send(i);
    fastSeen.push((await fast.recv())!); // keeps up
  }
  tx.close();
  out(`fast receiver: ${fastSeen.join(' ')}`);

  const slowSeen: number[] = [];
  for (;;) {
    try {
      const v = await slow.recv();
      if (v === undefined) break;
      slowSeen.push(v);
    } catch (e) {
      if (!LaggedError.is(e)) throw e;
      out(`slow receiver lagged: missed ${e.skipped}`);
    }
  }
  out(`slow receiver: ${slowSeen.join(' ')}`);
}

if (isMain(import.meta)) await main();
