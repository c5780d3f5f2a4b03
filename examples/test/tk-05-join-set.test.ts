import { expect, test } from 'vitest';
import { main } from '../tk-05-join-set';

test('joinNext yields in completion order, reports failures, and leaving the block stops the rest', async () => {
  const lines: string[] = [];
  const started = performance.now();
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'spawned 5 tasks',
    'got: task 3 (0 ms)',
    'got: task 1 (3 ms)',
    'got: task 4 (6 ms)',
    'task failed: task 2 lost its connection',
    'got: task 0 (12 ms)',
    'first answer from mirror-b',
    'mirror-a stopped',
    'mirror-c stopped',
    'after the block: no task of the set is still running',
  ]);
  // The one-minute mirrors were aborted, not waited for.
  expect(performance.now() - started).toBeLessThan(5_000);
});
