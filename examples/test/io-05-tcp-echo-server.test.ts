import { expect, test } from 'vitest';
import { main } from '../io-05-tcp-echo-server';

test('IO-05 echoes three concurrent clients, one task each', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual(['echoed: alpha, beta, gamma', 'server echoed 14 bytes over 3 connections']);
});
