// CH-03: backpressure with a bounded buffer. The producer is fast, the consumer slow: with capacity 2,
// `await send` makes the producer wait, so it is never more than the buffer (plus the message being
// handled) ahead.
import { mpsc } from '@async/channels';
import { spawn } from '@async/core';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const capacity = 2;
  const [tx, rx] = mpsc.channel<number>(capacity);
  let sent = 0;
  let handled = 0;
  let maxAhead = 0;

  const producer = spawn(async () => {
    for (let i = 1; i <= 6; i++) {
      await tx.send(i); // waits while the buffer is full
      sent++;
      maxAhead = Math.max(maxAhead, sent - handled);
      out(`sent ${i} (free slots: ${tx.capacity})`);
    }
    tx.close();
  });

  for await (const n of rx) {
    await sleep(10); // slow work
    handled++;
    out(`handled ${n}`);
  }
  await producer;
  out(`the producer was at most ${maxAhead} messages ahead (capacity ${capacity})`);
}

if (isMain(import.meta)) await main();
