import { expect, test } from 'vitest';

import { main } from '../sl-05-biased';

test('sl-05-biased prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['biased: U1 U2 U3 n1 n2 n3', 'fair: 6 messages, urgent ones not all first: true']);
});
