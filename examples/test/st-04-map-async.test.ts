import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-04-map-async';

test('ST-04 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['users: user-1, user-2, user-3', 'first two: user-1, user-2 (lookups started: 2)']);
  expect(clock.pending).toBe(0);
});
