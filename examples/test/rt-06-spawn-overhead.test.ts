import { expect, test } from 'vitest';
import { main } from '../rt-06-spawn-overhead';

test('1000 tasks run concurrently to completion in each strategy; the timings are printed', async () => {
  const lines: string[] = [];
  const stats = await main((line) => lines.push(line), 2);
  for (const s of Object.values(stats)) expect(s).toEqual({ startedBeforeFirstDone: 1000, completed: 1000 });
  expect(Object.keys(stats)).toEqual(['Promise.all (floor)', 'spawn + await each', 'JoinSet + joinNext']);
  const figure = '1000 tasks in [\\d.]+ ms \\(median of 2\\), [\\d.]+ µs per task';
  expect(lines).toEqual([
    expect.stringMatching(new RegExp(`^Promise\\.all \\(floor\\): ${figure}$`)),
    expect.stringMatching(new RegExp(`^spawn \\+ await each: ${figure}$`)),
    expect.stringMatching(new RegExp(`^JoinSet \\+ joinNext: ${figure}$`)),
    'in every strategy all 1000 tasks had started before the first one finished: true',
  ]);
});
