import { expect, test } from 'vitest';
import { main, mapWithLimit } from '../fc-05-join-with-limit';

test('a window of 2 starts the next request as soon as one ends, finishing sooner than chunks of 2', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'chunks of 2: +a +b -b -a +c +d -c -d +e +f -f -e (at most 2 in flight), 9 turns',
    'window of 2: +a +b -b +c -c +d -d +e -a +f -f -e (at most 2 in flight), 7 turns',
    'results in input order: body of a, body of b, body of c, body of d, body of e, body of f',
  ]);
});

test('the first failure aborts the calls in flight and rejects; a bad limit is a RangeError', async () => {
  const aborted: number[] = [];
  const started: number[] = [];
  const failing = mapWithLimit([1, 2, 3, 4, 5], 2, async (n, signal) => {
    started.push(n);
    if (n === 2) throw new Error('item 2 is bad');
    await new Promise((_, reject) =>
      signal.addEventListener('abort', () => {
        aborted.push(n);
        reject(signal.reason);
      }),
    );
  });
  await expect(failing).rejects.toThrow('item 2 is bad');
  expect(started).toEqual([1, 2]); // item 3 never starts
  expect(aborted).toEqual([1]);
  await expect(mapWithLimit([1], 0, async (n) => n)).rejects.toThrow(RangeError);
});
