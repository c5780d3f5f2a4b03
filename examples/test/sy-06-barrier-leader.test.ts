import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-06-barrier-leader';

test('SY-06 a barrier releases each phase together, with one leader', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'phase 0: all 3 workers done; leader merges',
    'phase 1: all 3 workers done; leader merges',
    'phase 2: all 3 workers done; leader merges',
    'phases complete: 3, 3, 3',
  ]);
});
