import { expect, test } from 'vitest';
import { main } from '../fr-01-lines-codec';

test('FR-01 reads lines across chunk and character boundaries, skips a too-long line, replies', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    '< HELLO café',
    '< PING',
    '! max line length exceeded: a line starting at byte 18 is longer than 64 bytes',
    '< QUIT',
    '> OK 10',
    '> PONG',
    '> ERR line too long',
    '> OK 4',
  ]);
});
