import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-05-deadlock-prevention';

test('SY-05 lock ordering, tryLock back-off and timeouts prevent deadlock', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'ordered: a=120 b=80',
    '  attempt 1: account 4 busy, backing off',
    '  attempt 2: account 4 busy, backing off',
    'tryLock: done after 3 attempts; c=45 d=55',
    'timeout: gave up after 50 ms instead of waiting forever',
  ]);
});
