import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-08-graceful-shutdown';

test('sl-08-graceful-shutdown prints what it shows', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'job 1: started',
    'job 1: done',
    'job 2: started',
    'job 2: done',
    'job 3: started',
    'shutdown requested',
    'job 3: done',
    'worker: stopped',
    '3 jobs done, 2 left in the channel',
  ]);
});
