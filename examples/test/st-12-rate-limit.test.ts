import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../st-12-rate-limit';

test('ST-12 prints what it shows (under TestClock, exactly)', async () => {
  using clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['fetched 20 URLs, at most 5 at a time']);
  expect(clock.pending).toBe(0);
});
