import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-05-batch-timeout';

test('TM-05 one timeout over a batch', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'budget 350 ms: all done [1,2,3]',
    // The timeout is reported at its deadline, without waiting for the jobs it aborted; an aborted
    // sleep runs its handlers in a later microtask (never inside abort()), so job 3 hears of it after.
    'budget 250 ms: batch timed out',
    '  job 3 cancelled',
  ]);
});
