import { expect, test } from 'vitest';

import { main } from '../sl-10-non-blocking';

test('sl-10-non-blocking prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'poll: nothing ready',
    'poll: got hello',
    'poll: nothing ready',
    'tryRecv: empty',
    'tryRecv after close: disconnected',
  ]);
});
