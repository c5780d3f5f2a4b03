import { expect, test } from 'vitest';

import { main } from '../sl-03-enum-messages';

test('sl-03-enum-messages prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['sum: 5', 'after reset: 0', 'tick', 'stop: done']);
});
