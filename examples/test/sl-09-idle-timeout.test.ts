import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-09-idle-timeout';

test('sl-09-idle-timeout prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'message: hello',
    'message: still here',
    'message: one more',
    'idle for 200 ms: closing',
    'silence since the last message: at least 200 ms? true',
  ]);
});
