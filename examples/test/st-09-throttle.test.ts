import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-09-throttle';

test('ST-09 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'click at +0 ms',
    'click at +100 ms',
    'click at +200 ms',
    'a at +0 ms',
    'b at +50 ms',
    'c at +100 ms',
  ]);
  expect(clock.pending).toBe(0);
});
