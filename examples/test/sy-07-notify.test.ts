import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-07-notify';

test('SY-07 notifyOne stores one permit, notifyWaiters wakes current waiters only', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'stored permit consumed at once',
    'consumer got: a, b, c',
    'runner 1, runner 2, runner 3 started together',
    'a later wait is not woken by the earlier broadcast: true',
  ]);
});
