import { expect, test } from 'vitest';
import { main } from '../tk-06-scoped-tasks';

test('a scope returns after all children; a failing child cancels its siblings before the scope rejects', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines.slice(0, 3)).toEqual([
    'body returned; results so far: []',
    'scope returned; results: [2,4,6,8,10]',
    'sum of squares: 55',
  ]);
  // Both siblings are cancelled (in no promised order) before the scope rejects.
  expect(lines.slice(3, 5).sort()).toEqual(['download was cancelled', 'index was cancelled']);
  expect(lines.slice(5)).toEqual(['scope failed: disk full']);
});
