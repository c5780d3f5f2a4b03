// ST-03: map and filter. In both styles the synchronous stages are fused: one await per item for the
// whole chain.
import { collect, filter, map, pipe, stream } from '@async/stream';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const evensSquared = await pipe(
    [1, 2, 3, 4, 5, 6],
    filter((x) => x % 2 === 0),
    map((x) => x * x),
    collect(),
  );
  out(`pipe: ${evensSquared.join(', ')}`);

  const words = await stream(['tokio', 'is', 'an', 'async', 'runtime'])
    .filter((w) => w.length > 2)
    .map((w) => w.toUpperCase())
    .collect();
  out(`fluent: ${words.join(' ')}`);
}

if (isMain(import.meta)) await main();
