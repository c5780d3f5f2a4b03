// ST-02: streams from iterators, from a channel, and from an interval. Any sync or async iterable is a
// stream (`iter`); a receiver of @async/channels is an AsyncIterable, so `stream(rx)` takes it as it is
// (tokio-stream's ReceiverStream). `fromInterval` is tokio-stream's IntervalStream.
import { mpsc } from '@async/channels';
import { collect, fromInterval, iter, map, pipe, stream, take } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  out(`from an array: ${await pipe(iter([1, 2, 3]), collect())}`);
  out(`from a Map: ${JSON.stringify(await stream(new Map([['a', 1]])).collect())}`);

  const [tx, rx] = mpsc.channel<string>(8);
  const producer = (async () => {
    await sleep(10);
    await tx.send('hello');
    await tx.send('world');
    tx.close(); // the receiver's iteration ends once the buffer is drained
  })();
  out(`from a channel: ${await stream(rx).collect()}`);
  await producer;

  const ticks = await pipe(
    fromInterval(100),
    map((t) => t.ms),
    take(3),
    collect(),
  );
  out(`from an interval: ${ticks.map((t) => t - ticks[0]!).join(', ')} ms`);
}

if (isMain(import.meta)) await main();
