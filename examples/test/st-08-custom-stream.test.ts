import { expect, test } from 'vitest';
import { main } from '../st-08-custom-stream';

test('ST-08 prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['counter: 1,2,3,4,5', 'fibonacci: 0,1,1,2,3,5,8,13,21,34', 'countdown: 3,2,1']);
});
