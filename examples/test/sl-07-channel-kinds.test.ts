import { expect, test } from 'vitest';

import { main } from '../sl-07-channel-kinds';

test('sl-07-channel-kinds prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'mpsc: job 1',
    'broadcast: headline',
    'watch: config is now v2',
    'oneshot: finished',
  ]);
});
