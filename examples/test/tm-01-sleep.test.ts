import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-01-sleep';

test('TM-01 sleep and sleepUntil', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'slept 100 ms',
    'woke at start + 300 ms',
    'past deadline: no wait, still start + 300 ms',
    'pending sleep elapsed? false',
    'reset sleep woke at start + 350 ms',
  ]);
});
