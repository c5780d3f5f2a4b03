import { expect, test } from 'vitest';

import { main } from '../ch-08-watch';

test('ch-08-watch prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'initial: v1, changed? false',
    'waitFor found level debug at v4',
    'reader saw versions: 3 4',
  ]);
});
