import { expect, test } from 'vitest';

import { main } from '../ch-01-mpsc-basics';

test('ch-01-mpsc-basics prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'received message 1',
    'received message 2',
    'received message 3',
    'all senders closed: the loop ended',
  ]);
});
