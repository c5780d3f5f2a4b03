import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-10-merge';

test('ST-10 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'ready at once: 1,4,2,5,3,6',
    'as they arrive: fast1 fast2 slow1 fast3 fast4 slow2',
  ]);
  expect(clock.pending).toBe(0);
});
