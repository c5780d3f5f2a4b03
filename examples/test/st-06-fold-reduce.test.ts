import { expect, test } from 'vitest';
import { main } from '../st-06-fold-reduce';

test('ST-06 prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['sum: 15', 'longest: stream', 'count 3, max 9']);
});
