import { expect, test } from 'vitest';
import { main } from '../fr-04-custom-decoder';

test('FR-04 decodes typed messages from chunks that split headers and payloads', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    '{"kind":"text","text":"hi"}',
    '{"kind":"ping"}',
    '{"kind":"unknown","type":9,"size":3}',
  ]);
});
