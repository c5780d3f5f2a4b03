import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-06-cancellation-safety';

test('sl-06-cancellation-safety prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'restarted each time: processed 40 50, lost 3 items',
    'kept across iterations: processed 10 20 30 40 50, lost 0 items',
    'pings received: 3 and 3 (a receiver branch loses nothing)',
  ]);
});
