import { expect, test } from 'vitest';
import { main } from '../fr-03-length-delimited-codec';

test('FR-03 sends length-prefixed frames through a pipe and reads them back', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'frame of 5 bytes: "hello"',
    'frame of 5 bytes: "world"',
    'frame of 0 bytes: ""',
    'wire: 00 00 00 05 68 65 6c 6c 6f | 00 00 00 05 77 6f 72 6c 64 | 00 00 00 00',
    'custom layout decoded: hi',
  ]);
});
