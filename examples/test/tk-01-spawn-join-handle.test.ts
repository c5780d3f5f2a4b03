import { expect, test } from 'vitest';
import { main } from '../tk-01-spawn-join-handle';

test('tasks start at spawn, run concurrently, and their handles give their values', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines.slice(0, -1)).toEqual([
    'task 1 started',
    'task 2 started',
    'spawned two tasks; finished: false, false',
    'task 1 complete',
    'task 2 complete',
    'results: 42, 100; finished: true, true',
    'awaited again: 42',
  ]);
  // The figure is printed, not asserted: only that the longer task's 30 ms have passed.
  expect(Number(/took (\d+) ms/.exec(lines.at(-1)!)?.[1])).toBeGreaterThanOrEqual(28);
});
