// ST-06: fold (with an initial value, as tokio-stream) and reduce (as Array.prototype.reduce).
import { fold, pipe, reduce, stream } from '@async/stream';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const sum = await pipe(
    [1, 2, 3, 4, 5],
    fold(0, (acc, x) => acc + x),
  );
  out(`sum: ${sum}`);
  const longest = await pipe(
    ['a', 'stream', 'of', 'words'],
    reduce((a, b) => (b.length > a.length ? b : a)),
  );
  out(`longest: ${longest}`);
  const stats = await stream([3, 9, 4]).fold({ n: 0, max: -Infinity }, (s, x) => ({
    n: s.n + 1,
    max: Math.max(s.max, x),
  }));
  out(`count ${stats.n}, max ${stats.max}`);
}

if (isMain(import.meta)) await main();
