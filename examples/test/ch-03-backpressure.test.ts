import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../ch-03-backpressure';

test('ch-03: the producer waits for the slow consumer; never more than capacity + 1 ahead', async () => {
  using _clock = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines.filter((l) => l.startsWith('handled'))).toEqual([1, 2, 3, 4, 5, 6].map((n) => `handled ${n}`));
  // Sends 4, 5, 6 only happen after a message was handled: backpressure.
  expect(lines.indexOf('handled 1')).toBeLessThan(lines.findIndex((l) => l.startsWith('sent 4')));
  expect(lines.at(-1)).toBe('the producer was at most 3 messages ahead (capacity 2)');
});
