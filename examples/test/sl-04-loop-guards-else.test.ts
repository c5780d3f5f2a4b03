import { expect, test } from 'vitest';

import { main } from '../sl-04-loop-guards-else';

test('sl-04-loop-guards-else prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'b closed',
    'a closed',
    'else: every channel is closed',
    'sum of a: 6, letters of b: xy',
  ]);
});
