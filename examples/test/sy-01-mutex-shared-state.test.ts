import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-01-mutex-shared-state';

test('SY-01 a mutex keeps transfers with an await inside consistent', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['transfers: true, false, true', 'alice 50, bob 150, total 200']);
});
