import { expect, test } from 'vitest';
import { main } from '../io-06-tcp-client';

test('IO-06 sends a request, reads the response, and names a refused address', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'connected to 127.0.0.1',
    'response: got 12 bytes',
    'refused: ERR_CONNECTION_REFUSED, address named: true',
  ]);
});
