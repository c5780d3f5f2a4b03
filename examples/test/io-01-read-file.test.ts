import { expect, test } from 'vitest';
import { main } from '../io-01-read-file';

test('IO-01 reads a file whole, in chunks, and reports a missing one', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'readFile: 18000 bytes, first line "hello from a file"',
    'chunks: 5 chunks of at most 4096 bytes, 18000 bytes',
    'a missing file: ENOENT',
  ]);
});
