import { expect, test } from 'vitest';

import { main } from '../ch-09-generator-over-channel';

test('ch-09-generator-over-channel prints what it shows', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  // The consumer's line and the producer's run in two tasks at the same moment: their order is the
  // scheduler's, not part of what the example shows. The producer's task ends last, as awaited.
  expect(lines).toHaveLength(3);
  expect(lines.slice(0, 2)).toEqual(
    expect.arrayContaining(['producer: consumer left, stopping after 6 values', 'consumer got 1 4 9 16']),
  );
  expect(lines[2]).toBe('producer task finished');
});
