import { expect, test } from 'vitest';

import { main } from '../ch-02-many-producers';

test('ch-02-many-producers prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'producer 0: 0 1 2 3 4',
    'producer 1: 0 1 2 3 4',
    'producer 2: 0 1 2 3 4',
    'received 15 messages from 3 producers',
  ]);
});
