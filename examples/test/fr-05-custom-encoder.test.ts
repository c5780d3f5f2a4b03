import { expect, test } from 'vitest';
import { main } from '../fr-05-custom-encoder';

test('FR-05 encodes messages, batches them until flush, and rejects a bad item without writing it', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'buffered 12 bytes, written 0 chunks',
    'rejected: text too long',
    'write: 01 00 00 00 02 68 69 02 00 00 00 00',
    'write: 01 00 00 00 02 c3 a9',
  ]);
});
