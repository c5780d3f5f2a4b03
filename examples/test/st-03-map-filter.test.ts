import { expect, test } from 'vitest';
import { main } from '../st-03-map-filter';

test('ST-03 prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual(['pipe: 4, 16, 36', 'fluent: TOKIO ASYNC RUNTIME']);
});
