import { expect, test } from 'vitest';

import { main } from '../ch-04-oneshot-request-response';

test('ch-04-oneshot-request-response prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'set hello -> previous undefined',
    'get hello -> world',
    'set hello -> previous world',
    'get missing -> undefined',
    'actor stopped',
  ]);
});
