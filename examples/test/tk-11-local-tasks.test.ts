import { expect, test } from 'vitest';
import { main } from '../tk-11-local-tasks';

test('local tasks share and mutate one object; it cannot be cloned to another thread', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'task a done',
    'task b done',
    'task c done',
    'counter 6, observed changes [1,2,3,4,5,6]',
    'sending the counter to a worker: DataCloneError',
  ]);
});
