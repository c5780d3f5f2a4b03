import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-02-lock-timeout';

test('SY-02 a lock with a timeout leaves the queue on expiry', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'slow task holds the printer',
    'impatient task: timed out after 100 ms',
    'locked while the slow task runs: true',
    'slow task releases it',
    'patient task got the printer',
    'tryLock when free: true',
  ]);
});
