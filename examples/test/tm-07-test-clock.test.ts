import { getDefaultClock } from '@async/core';
import { expect, test } from 'vitest';
import { main } from '../tm-07-test-clock';

test('TM-07 testing time-dependent code with a paused clock', async () => {
  const before = getDefaultClock();
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'after 14.999 s: 4 calls',
    'after 15 s: 5 calls, result ok',
    'timeout pending at 29.999 s: true',
    'timed out at 30 s: true',
    'virtual time passed: 45000 ms',
    'real time under a second: true',
  ]);
  expect(getDefaultClock()).toBe(before); // the example's `using` restored the clock
});
