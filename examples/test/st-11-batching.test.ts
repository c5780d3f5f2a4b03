import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-11-batching';

test('ST-11 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'batch 0: 10 items, from 0 to 9',
    'batch 1: 10 items, from 10 to 19',
    'batch 2: 5 items, from 20 to 24',
    '+0 ms: [1,2,3]',
    '+100 ms: [4,5]',
    '+600 ms: [6]',
    '+1000 ms: [7]',
  ]);
  expect(clock.pending).toBe(0);
});
