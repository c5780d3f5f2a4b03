import { expect, test } from 'vitest';

import { main } from '../ch-09-generator-over-channel';

test('ch-09-generator-over-channel prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'producer: consumer left, stopping after 6 values',
    'consumer got 1 4 9 16',
    'producer task finished',
  ]);
});
