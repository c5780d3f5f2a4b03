// CH-01: mpsc basics. A producer task sends messages; the consumer receives them until the channel closes.
import { mpsc } from '@async/channels';
import { spawn } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<string>(32);

  const producer = spawn(async () => {
    for (let i = 1; i <= 3; i++) await tx.send(`message ${i}`);
    tx.close(); // Rust drops the sender; here we close it
  });

  // `while let Some(msg) = rx.recv().await` is `for await (const msg of rx)`.
  for await (const msg of rx) out(`received ${msg}`);
  await producer;
  out('all senders closed: the loop ended');
}

if (isMain(import.meta)) await main();
