import { expect, test } from 'vitest';
import { main } from '../rs-04-fallback';

test('RS-04 the fallback answers the failures it should, and only those', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'by hand:',
    '  guest',
    'as a policy:',
    '  Ada (cached)',
    '  no data (HTTP 503)',
    '  not answered by the fallback: HTTP 404',
    'after retries:',
    '  default profile after 3 attempts',
  ]);
});
