import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-02-interval-missed-ticks';

test('TM-02 interval missed-tick behaviours', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'burst ticks after the stall: 100, 200, 300',
    'delay ticks after the stall: 100, 450, 550',
    'skip  ticks after the stall: 100, 400, 500',
  ]);
});
