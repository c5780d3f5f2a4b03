import { expect, test } from 'vitest';
import { main } from '../st-01-for-await';

test('ST-01 prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'got 1',
    'got 4',
    'got 9',
    'got 16',
    'generator closed: true',
    'next() -> 1',
    'next() -> 2',
    'next() -> 3',
    'done',
  ]);
});
