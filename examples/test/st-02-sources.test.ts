import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-02-sources';

test('ST-02 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'from an array: 1,2,3',
    'from a Map: [["a",1]]',
    'from a channel: hello,world',
    'from an interval: 0, 100, 200 ms',
  ]);
  expect(clock.pending).toBe(0);
});
