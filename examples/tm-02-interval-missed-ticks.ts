// TM-02: an interval whose consumer falls behind, under each missed-tick behaviour.
import { Instant, interval, type MissedTickBehavior, sleep } from '@async/time';
import { isMain, type Out } from './is-main';

const offset = (t: Instant, start: Instant) => Math.floor(t.durationSince(start) / 50) * 50;

export async function main(out: Out = console.log): Promise<void> {
  for (const missedTick of ['burst', 'delay', 'skip'] as MissedTickBehavior[]) {
    const start = Instant.now();
    const every = interval(100, { missedTick }); // period 100 ms; ticks due at 0, 100, 200, ...
    await every.tick(); // the first tick is immediate
    await sleep(350); // the consumer stalls: ticks 100, 200 and 300 are missed
    const ticks: number[] = [];
    for (let i = 0; i < 3; i++) ticks.push(offset(await every.tick(), start));
    out(`${missedTick.padEnd(5)} ticks after the stall: ${ticks.join(', ')}`);
  }
}

if (isMain(import.meta)) await main();
