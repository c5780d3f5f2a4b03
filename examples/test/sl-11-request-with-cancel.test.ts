import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-11-request-with-cancel';

test('sl-11-request-with-cancel prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'quick: quick result',
    'slow: cancelled by the user',
    'server: slow was abandoned, work stopped',
    'server stopped',
  ]);
});
