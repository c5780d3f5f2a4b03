import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-04-semaphore-limit';

test('SY-04 a semaphore bounds concurrency; permits move, batch and shrink', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'downloaded 10 files, at most 3 at once',
    'acquired one; available 2',
    'task finished and released it; available 3',
    'batch of 2; available 1',
    'after forget: available 2',
    'after addPermits(2): available 4',
  ]);
});
