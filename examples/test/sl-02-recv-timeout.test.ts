import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-02-recv-timeout';

test('sl-02-recv-timeout prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'select: no message within 50 ms',
    'select: got quick',
    'timeout(): gave up after 30 ms',
    'the late message is still there: late',
  ]);
});
