import { expect, test } from 'vitest';
import { main } from '../io-08-io-timeouts';

test('IO-08 times a read out on the test clock; the bytes that come later are intact', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual(['read timed out: ERR_TIMEOUT', 'then read: late']);
});
