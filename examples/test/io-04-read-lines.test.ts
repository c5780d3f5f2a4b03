import { expect, test } from 'vitest';
import { main } from '../io-04-read-lines';

test('IO-04 reads lines with either ending and skips one over the limit', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    '1: GET /',
    '2: GET /about',
    '3: (skipped: longer than 80 bytes)',
    '4: POST /login',
  ]);
});
