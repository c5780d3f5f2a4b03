import { expect, test } from 'vitest';
import { main } from '../tk-03-abort-task';

test('abort stops the task at its next await, runs its cleanup and rejects with a cancelled JoinError', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'working: step 1',
    'working: step 2',
    'working: step 3',
    'aborted; finished yet: false',
    'cleanup ran (the Drop of the task)',
    'join error: cancelled=true, failure=false',
    'a task that ignores its signal: finished anyway',
    'spawned with an aborted signal: cancelled, ran=false',
  ]);
});
