// ST-12: rate-limited concurrent requests. As in the Rust original, `bufferUnordered(10)` allows 10
// requests in flight while a semaphore lets only 5 run at once. The semaphore here is a few lines on a
// FIFO queue (@async/sync's Semaphore does this with abort support and fairness guarantees).
import { bufferUnordered, collect, map, pipe } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

/** A tiny counting semaphore: `acquire()` resolves with a release function. */
function semaphore(permits: number) {
  const waiting: (() => void)[] = [];
  let head = 0;
  const release = () => {
    if (head < waiting.length) waiting[head++]!();
    else permits++;
  };
  return {
    async acquire(): Promise<() => void> {
      if (permits > 0) permits--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      return release;
    },
  };
}

export async function main(out: Out = console.log): Promise<void> {
  const limit = semaphore(5);
  let running = 0;
  let peak = 0;
  const fetchUrl = (url: string) => async (signal: AbortSignal) => {
    const release = await limit.acquire();
    try {
      running++;
      peak = Math.max(peak, running);
      await sleep(100, { signal });
      return `response from ${url}`;
    } finally {
      running--;
      release();
    }
  };
  const urls = Array.from({ length: 20 }, (_, i) => `https://api.example.com/${i}`);
  const responses = await pipe(urls, map(fetchUrl), bufferUnordered(10), collect());
  out(`fetched ${responses.length} URLs, at most ${peak} at a time`);
}

if (isMain(import.meta)) await main();
