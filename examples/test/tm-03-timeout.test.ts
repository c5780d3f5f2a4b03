import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-03-timeout';

test('TM-03 timeout around any operation', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'fast: user 1',
    'slow: timed out (TimeoutError, ERR_TIMEOUT)',
    'slow request aborted with the same error: true',
    'ready vs 0 ms: ready',
    'failing op: 404',
  ]);
});
