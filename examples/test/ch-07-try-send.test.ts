import { expect, test } from 'vitest';

import { main } from '../ch-07-try-send';

test('ch-07-try-send prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'a: sent',
    'b: sent',
    'c: full, dropped (load shedding)',
    'received a',
    'd: sent',
    'e: closed',
  ]);
});
