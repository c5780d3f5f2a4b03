import { expect, test } from 'vitest';
import { main } from '../tk-04-send-and-interleaving';

test('an await inside read-modify-write loses updates; values crossing threads are cloned or refused', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '10 deposits of 10 with an await inside read-modify-write: balance 10',
    '10 deposits of 10 with a synchronous read-modify-write: balance 100',
    'plain data crosses to a worker as a copy: {"balance":5,"owner":"ada"}',
    'a function cannot cross: DataCloneError',
    'a class instance arrives without its class: instanceof Account = false',
  ]);
});
