import { expect, test } from 'vitest';
import { main } from '../fr-06-codec-both-directions';

test('FR-06 one codec encodes and decodes on both ends of a connection', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'server got ping 1',
    'client got pong 1',
    'server got ping 2',
    'client got pong 2',
    'server got ping 3',
    'client got pong 3',
    'server closed: true',
  ]);
});
