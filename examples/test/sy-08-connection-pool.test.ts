import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-08-connection-pool';

test('SY-08 a pool bounds, reuses and returns connections', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '10 queries on 3 connections',
    'connections created: 3, idle now: 3',
    'fourth caller while all 3 are leased: TimeoutError',
    'after release, reused connection 1; created still 3',
    'after close: ClosedError',
  ]);
});
