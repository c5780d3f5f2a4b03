// CH-09: an async generator over a channel. A producer task feeds a channel; the consumer iterates it as
// a stream. When the consumer leaves the loop, the receiver closes and the producer stops.
import { mpsc } from '@async/channels';
import { type JoinHandle, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

/** Runs `produce` in a task feeding a bounded channel, and returns the channel as a stream. */
function channelStream<T extends {} | null>(
  capacity: number,
  produce: (tx: mpsc.Sender<T>) => Promise<void>,
): { stream: AsyncIterable<T>; producer: JoinHandle<void> } {
  const [tx, rx] = mpsc.channel<T>(capacity);
  const producer = spawn(async () => {
    try {
      await produce(tx);
    } finally {
      tx.close();
    }
  });
  return { stream: rx, producer };
}

export async function main(out: Out = console.log): Promise<void> {
  let produced = 0;
  const { stream, producer } = channelStream<number>(2, async (tx) => {
    for (let n = 1; ; n++) {
      try {
        await tx.send(n * n);
      } catch {
        out(`producer: consumer left, stopping after ${produced} values`);
        return;
      }
      produced++;
    }
  });

  async function* firstSquares(limit: number) {
    for await (const sq of stream) {
      yield sq;
      if (sq >= limit) return; // leaving the loop closes the receiver
    }
  }

  const got: number[] = [];
  for await (const sq of firstSquares(16)) got.push(sq);
  out(`consumer got ${got.join(' ')}`);
  await producer;
  out('producer task finished');
}

if (isMain(import.meta)) await main();
