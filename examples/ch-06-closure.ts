// CH-06: closure. When every sender is gone the receiver drains what is buffered and then ends; when the
// receiver is gone, sends fail and hand the value back.
import { ChannelClosedError, mpsc } from '@async/channels';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // All senders closed: buffered messages are still delivered, then `undefined`.
  {
    const [tx, rx] = mpsc.channel<string>(4);
    const tx2 = tx.clone();
    await tx.send('from tx');
    await tx2.send('from tx2');
    tx.close();
    out(`after one close, receiver closed? ${rx.isClosed()}`);
    tx2.close();
    out(`after both, receiver closed? ${rx.isClosed()}`);
    for (let m = await rx.recv(); m !== undefined; m = await rx.recv()) out(`drained ${m}`);
    out('recv -> undefined: the channel ended');
  }
  // Receiver closed: senders learn it, and get their value back.
  {
    const [tx, rx] = mpsc.channel<string>(4);
    const watcher = tx.closed().then(() => out('sender saw the receiver close'));
    rx.close();
    await watcher;
    try {
      await tx.send('too late');
    } catch (e) {
      if (ChannelClosedError.is(e)) out(`send failed, value handed back: ${e.value}`);
    }
  }
}

if (isMain(import.meta)) await main();
