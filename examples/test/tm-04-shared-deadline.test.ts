import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../tm-04-shared-deadline';

test('TM-04 one deadline shared by several steps', async () => {
  // Virtual time: the example's sleeps take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'resolve: 1000 ms left, needs 300 ms',
    'connect: 700 ms left, needs 300 ms',
    'handshake: 400 ms left, needs 300 ms',
    'request: 100 ms left, needs 300 ms',
    'deadline exceeded during request',
  ]);
});
