import { expect, test } from 'vitest';
import { main } from '../io-07-split-halves';

test('IO-07 reads and writes the two halves from two tasks, then unsplits', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual(['read half got: ONE TWO THREE', 'unsplit gives the same stream back: true']);
});
