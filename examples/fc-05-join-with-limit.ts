// FC-05: join all operations with a concurrency limit.
//
// Rust → TypeScript: the seed cuts the work into chunks and `join_all`s each chunk, so every chunk
// waits for its slowest request. The better shape keeps `limit` operations in flight and starts the
// next one as soon as any finishes: a JoinSet that is topped up (tokio's `JoinSet` + counter, or
// `buffer_unordered` on a stream). Results are returned in input order, as `join_all` does. (Other
// ways: a Semaphore from @async/sync (SY-04), or `bufferUnordered` from @async/stream (ST-07).)
import { JoinSet, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

/**
 * Runs `fn` over every item with at most `limit` calls in flight; resolves with the results in input
 * order. The first failure aborts the calls in flight (through their signal) and rejects.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
  const results = new Array<R>(items.length);
  await using running = new JoinSet<void>(); // leaving the block on a failure aborts the rest
  let next = 0;
  const startNext = () => {
    const index = next++;
    running.spawn(async (signal) => {
      results[index] = await fn(items[index]!, signal);
    });
  };
  while (next < items.length && running.size < limit) startNext();
  while (running.size > 0) {
    await running.joinNext(); // throws the JoinError of a failed call
    if (next < items.length) startNext();
  }
  return results;
}

/**
 * A stand-in HTTP client: a request to `/<name>/<n>` takes n turns of the event loop. It records
 * `+name` when a request starts and `-name` when it ends, and counts the turns until `done()`.
 */
function client() {
  const timeline: string[] = [];
  let inFlight = 0;
  let most = 0;
  const get = async (url: string): Promise<string> => {
    const [, name, turns] = url.split('/');
    most = Math.max(most, ++inFlight);
    timeline.push(`+${name}`);
    for (let i = Number(turns); i > 0; i--) await yieldNow();
    inFlight--;
    timeline.push(`-${name}`);
    return `body of ${name}`;
  };
  const summary = () => `${timeline.join(' ')} (at most ${most} in flight)`;
  return { get, summary };
}

/** How many turns of the event loop `op` takes. */
async function turns(op: () => Promise<unknown>): Promise<number> {
  let count = 0;
  let done = false;
  const finished = op().finally(() => (done = true));
  while (!done) {
    await yieldNow();
    count++;
  }
  await finished;
  return count;
}

export async function main(out: Out = console.log): Promise<void> {
  const urls = ['/a/4', '/b/1', '/c/1', '/d/1', '/e/4', '/f/1'];

  // The seed's way: chunks of 2, each chunk waiting for its slowest request.
  const chunked = client();
  const chunkTurns = await turns(async () => {
    for (let i = 0; i < urls.length; i += 2) await Promise.all(urls.slice(i, i + 2).map(chunked.get));
  });
  out(`chunks of 2: ${chunked.summary()}, ${chunkTurns} turns`);

  // A window of 2: the next request starts as soon as one finishes.
  const windowed = client();
  let bodies: string[] = [];
  const windowTurns = await turns(async () => {
    bodies = await mapWithLimit(urls, 2, (url) => windowed.get(url));
  });
  out(`window of 2: ${windowed.summary()}, ${windowTurns} turns`);
  out(`results in input order: ${bodies.join(', ')}`);
}

if (isMain(import.meta)) await main();
