import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-01-first-wins';

test('sl-01-first-wins prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['winner: message -> reply from the channel', 'slow lookup was cancelled']);
});
