import { expect, test } from 'vitest';
import { main } from '../io-03-copy-file';

test('IO-03 copies a file and reports the byte count', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual(['copied 100000 bytes', 'identical: true']);
});
