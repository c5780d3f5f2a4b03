import { expect, test } from 'vitest';
import { main } from '../fr-07-json-codec';

test('FR-07 decodes validated JSON commands, reports and skips bad frames, encodes replies', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines[0]).toBe('add(1, 2, 3) = 6');
  expect(lines[1]).toMatch(/^skipped a 7-byte frame: /);
  expect(lines.slice(2)).toEqual([
    'skipped a 25-byte frame: not a command: {"op":"div","args":[1,0]}',
    'mul(6, 7) = 42',
    'replies: [{"result":6},{"result":42}]',
  ]);
});
