import { expect, test } from 'vitest';
import { main } from '../tk-02-sharing-data';

test('tasks share one frozen array; mutation fails; captured variables are shared, not copied', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'results: sum=31, max=9, count=8',
    'every task saw the same array, not a copy: true',
    'a task that mutates the frozen data fails: TypeError',
    'data unchanged: [3, 1, 4, 1, 5, 9, 2, 6]',
    'loop with a fresh binding per task: 0, 1, 2',
    'loop sharing one variable: 3, 3, 3',
  ]);
});
