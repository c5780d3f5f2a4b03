import { expect, test } from 'vitest';

import { main } from '../ch-05-broadcast';

test('ch-05-broadcast prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '2 receivers, ring of 4',
    'fast receiver: 1 2 3 4 5 6 7 8 9 10',
    'slow receiver lagged: missed 6',
    'slow receiver: 7 8 9 10',
  ]);
});
