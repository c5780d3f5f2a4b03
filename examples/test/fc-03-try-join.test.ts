import { expect, test } from 'vitest';
import { main } from '../fc-03-try-join';

test('tryJoin resolves with every value, or rejects at the first failure and cancels the rest', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines.slice(0, 5)).toEqual([
    'user 1: fetched',
    'user 3: fetched',
    'user 4: fetched',
    'all succeeded: User_1, User_3, User_4',
    'user 1: fetched',
  ]);
  // The cancelled operation reports as its signal aborts, around when tryJoin rejects.
  expect(lines.slice(5).sort()).toEqual([
    'failed fast: user 2 does not exist (without waiting for user 3)',
    'user 3: cancelled',
  ]);
});
