import { expect, test } from 'vitest';
import { main } from '../fc-07-one-interface';

test('different implementations share the Promise interface and mix in join and select', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'config from cache',
    'users from the network',
    'an async arrow function',
    'fib(10) = 55',
    'select: cached won with "config from cache"',
  ]);
});
