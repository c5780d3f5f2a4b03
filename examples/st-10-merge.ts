// ST-10: merge. Items of every stream come out as soon as they are ready; when several are ready they
// take turns, with any number of streams. Each stream keeps its own order.
import { collect, merge, pipe, stream } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

async function* sensor(name: string, every: number, count: number): AsyncGenerator<string> {
  for (let i = 1; i <= count; i++) {
    await sleep(every);
    yield `${name}${i}`;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  out(`ready at once: ${await pipe(merge([1, 2, 3], [4, 5, 6]), collect())}`);
  const readings = await stream(sensor('fast', 10, 4))
    .merge(sensor('slow', 25, 2))
    .collect();
  out(`as they arrive: ${readings.join(' ')}`);
}

if (isMain(import.meta)) await main();
