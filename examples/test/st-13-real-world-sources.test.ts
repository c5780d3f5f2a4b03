import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-13-real-world-sources';

test('ST-13 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'changed: b.txt, a.txt',
    'cursor: row0 row1 row2 row3 row4 (queries: 2)',
    'message: hello',
    'message: update',
    'no message for 300 ms: closing',
  ]);
  expect(clock.pending).toBe(0);
});
