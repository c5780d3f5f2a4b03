import { expect, test } from 'vitest';

import { main } from '../ch-06-closure';

test('ch-06-closure prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'after one close, receiver closed? false',
    'after both, receiver closed? true',
    'drained from tx',
    'drained from tx2',
    'recv -> undefined: the channel ended',
    'sender saw the receiver close',
    'send failed, value handed back: too late',
  ]);
});
