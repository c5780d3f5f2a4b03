// CH-07: trySend tells full from closed, without waiting and without throwing.
import { mpsc } from '@async/channels';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<string>(2);
  for (const event of ['a', 'b', 'c']) {
    const result = tx.trySend(event);
    if (result === 'full') out(`${event}: full, dropped (load shedding)`);
    else out(`${event}: ${result}`);
  }
  out(`received ${await rx.recv()}`);
  out(`d: ${tx.trySend('d')}`); // a slot is free again
  rx.close();
  out(`e: ${tx.trySend('e')}`);
}

if (isMain(import.meta)) await main();
