import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-01-retry-backoff';

test('RS-01 retries with doubling delays, by hand and as a policy, and reports every error when it gives up', async () => {
  // Virtual time: the backoffs take no real time, and the timestamps are exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'by hand:',
    '  answer after 4 calls at 700 ms',
    'as a policy:',
    '  attempt 1 failed (unavailable (call 1)); waiting 100 ms',
    '  attempt 2 failed (unavailable (call 2)); waiting 200 ms',
    '  attempt 3 failed (unavailable (call 3)); waiting 400 ms',
    '  answer after 4 calls after 700 ms',
    'giving up:',
    '  gave up after 3 attempts: unavailable (call 3)',
    "  every attempt's error: unavailable (call 1); unavailable (call 2); unavailable (call 3)",
  ]);
});
