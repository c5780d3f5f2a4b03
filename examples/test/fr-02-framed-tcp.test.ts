import { expect, test } from 'vitest';
import { main } from '../fr-02-framed-tcp';

test('FR-02 sends lines through a framed sink and reads the replies; the server shuts down gracefully', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    '< PONG',
    '< ECHO hello',
    '< GOODBYE',
    'server: {"accepted":1,"completed":1,"aborted":0,"failed":0}',
  ]);
});
