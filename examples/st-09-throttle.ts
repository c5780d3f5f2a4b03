// ST-09: pacing a stream. `throttle(ms)` lets the first item through at once and spaces the rest at
// least ms apart; zipping with `fromInterval` paces a stream to the ticks of an interval.
import { fromInterval, pipe, stream, throttle } from '@async/stream';
import { Instant } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const start = Instant.now();
  for await (const event of pipe(['click', 'click', 'click'], throttle(100))) {
    out(`${event} at +${Math.round(start.elapsed())} ms`);
  }

  const zipStart = Instant.now();
  const paced = stream(['a', 'b', 'c']).zip(fromInterval(50));
  for await (const [item] of paced) out(`${item} at +${Math.round(zipStart.elapsed())} ms`);
}

if (isMain(import.meta)) await main();
