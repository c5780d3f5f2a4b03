import { expect, test } from 'vitest';
import { main } from '../fc-04-futures-unordered';

test('results come in completion order, and work added while draining is joined too', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'in input order: User_1, User_2, User_3, User_4, User_5',
    'as completed: User_4, User_2, User_20 (follow-up), User_5, User_3, User_1',
    'fetched 6 users',
  ]);
});

test('the number of operations is a run-time value', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line), [3, 1]);
  expect(lines).toEqual([
    'in input order: User_3, User_1',
    'as completed: User_3, User_1',
    'fetched 2 users',
  ]);
});
