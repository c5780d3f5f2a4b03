// ST-07: concurrent processing. Map items to tasks `(signal) => Promise` and run up to n at once:
// `bufferUnordered(n)` yields in completion order, `buffered(n)` in input order. (A stream of already
// started promises could not be bounded, hence tasks.) Leaving early aborts the tasks in flight.
import { buffered, bufferUnordered, collect, map, pipe } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

const delays = { a: 30, b: 10, c: 20 } as const;
type Name = keyof typeof delays;

const download = (name: Name) => async (signal: AbortSignal) => {
  await sleep(delays[name], { signal });
  return name;
};

export async function main(out: Out = console.log): Promise<void> {
  const names: Name[] = ['a', 'b', 'c'];
  out(`bufferUnordered(3): ${await pipe(names, map(download), bufferUnordered(3), collect())}`);
  out(`buffered(3): ${await pipe(names, map(download), buffered(3), collect())}`);

  const signals = new Map<Name, AbortSignal>();
  const finished = new Set<Name>();
  const watched = (name: Name) => async (signal: AbortSignal) => {
    signals.set(name, signal);
    const result = await download(name)(signal);
    finished.add(name);
    return result;
  };
  for await (const first of pipe(names, map(watched), bufferUnordered(3))) {
    out(`first to finish: ${first}`);
    break; // the tasks still running are aborted
  }
  const aborted = names.filter((n) => !finished.has(n) && signals.get(n)?.aborted);
  out(`aborted when we stopped: ${aborted.join(', ')}`);
}

if (isMain(import.meta)) await main();
