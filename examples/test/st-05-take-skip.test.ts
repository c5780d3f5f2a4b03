import { expect, test } from 'vitest';
import { main } from '../st-05-take-skip';

test('ST-05 prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'page 0: 1, 2, 3, 4, 5 (rows read: 5)',
    'page 2: 11, 12, 13, 14, 15 (rows read: 15)',
  ]);
});
