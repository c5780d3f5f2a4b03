import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-07-buffered';

test('ST-07 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'bufferUnordered(3): b,c,a',
    'buffered(3): a,b,c',
    'first to finish: b',
    'aborted when we stopped: a, c',
  ]);
  expect(clock.pending).toBe(0);
});
