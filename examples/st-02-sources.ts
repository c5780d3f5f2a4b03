// ST-02: streams from iterators, from a channel-like producer, and from an interval. Any sync or async
// iterable is a stream (`iter`); a channel receiver of @async/channels is an AsyncIterable too, so
// `stream(rx)` takes it as it is. `fromInterval` is tokio-stream's IntervalStream.
import { collect, fromInterval, iter, map, pipe, stream, take } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

/** A minimal unbounded queue with an async-iterable receiving end (what a channel receiver gives). */
function queue<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  return {
    send(item: T) {
      items.push(item);
      wake?.();
    },
    close() {
      closed = true;
      wake?.();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (let i = 0; ; i++) {
        while (i >= items.length && !closed) await new Promise<void>((r) => (wake = r));
        if (i >= items.length) return;
        yield items[i]!;
      }
    },
  };
}

export async function main(out: Out = console.log): Promise<void> {
  out(`from an array: ${await pipe(iter([1, 2, 3]), collect())}`);
  out(`from a Map: ${JSON.stringify(await stream(new Map([['a', 1]])).collect())}`);

  const rx = queue<string>();
  void (async () => {
    await sleep(10);
    rx.send('hello');
    rx.send('world');
    rx.close();
  })();
  out(`from a channel: ${await stream(rx).collect()}`);

  const ticks = await pipe(
    fromInterval(100),
    map((t) => t.ms),
    take(3),
    collect(),
  );
  out(`from an interval: ${ticks.map((t) => t - ticks[0]!).join(', ')} ms`);
}

if (isMain(import.meta)) await main();
