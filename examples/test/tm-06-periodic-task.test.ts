import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-06-periodic-task';

test('TM-06 periodic background task', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'run 1 at +0 ms: ok',
    'run 2 at +100 ms: ok',
    'run 3 at +200 ms: failed (disk full), continuing',
    'run 4 at +300 ms: ok',
    'run 5 at +400 ms: ok',
    'stopped: shutdown',
  ]);
});
