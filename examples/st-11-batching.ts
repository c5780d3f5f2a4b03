// ST-11: batching. `chunks(n)` cuts fixed-size batches; `chunksTimeout(n, ms)` also cuts a batch ms after
// its first item, so a slow trickle is still flushed (tokio-stream's chunks_timeout).
import { chunks, pipe, stream } from '@async/stream';
import { Instant, sleep } from '@async/time';
import { isMain, type Out } from './is-main';

async function* events(): AsyncGenerator<number> {
  for (let i = 1; i <= 5; i++) yield i; // a burst
  await sleep(500); // then a trickle
  yield 6;
  await sleep(500);
  yield 7;
}

export async function main(out: Out = console.log): Promise<void> {
  let batchNo = 0;
  for await (const batch of pipe(
    Array.from({ length: 25 }, (_, i) => i),
    chunks(10),
  )) {
    out(`batch ${batchNo++}: ${batch.length} items, from ${batch[0]} to ${batch.at(-1)}`);
  }

  const start = Instant.now();
  for await (const batch of stream(events()).chunksTimeout(3, 100)) {
    out(`+${Math.round(start.elapsed())} ms: [${batch}]`);
  }
}

if (isMain(import.meta)) await main();
