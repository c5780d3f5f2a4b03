import { expect, test } from 'vitest';
import { main } from '../fr-08-partial-frames';

test('FR-08 a decoder waits for whole frames and a truncated frame at EOF is an error', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'feeding one frame in pieces:',
    '+1 bytes (buffered 1)',
    '  need more: 1 of 2 header bytes',
    '+3 bytes (buffered 4)',
    '  need more: 2 of 5 payload bytes',
    '+3 bytes (buffered 7)',
    '  frame: hello',
    'input that ends mid-frame:',
    '  frame: hello',
    '  error: bytes remaining on stream: the input ended inside a frame (4 bytes left)',
  ]);
});
