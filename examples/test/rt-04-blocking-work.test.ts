import { expect, test } from 'vitest';
import { main, runInWorker, spawnBlocking } from '../rt-04-blocking-work';

test('CPU work on the event loop blocks every timer; on a worker it gives the same answer and can be aborted', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'on the event loop: 25997 primes; timer ticks during the computation: 0',
    'on a worker thread: 25997 primes; same answer: true',
    expect.stringMatching(/^ {2}\(the event loop ticked \d+ times meanwhile\)$/),
    'mixed: 3 I/O steps and 5133 primes, concurrently',
    'an aborted blocking task: cancelled',
  ]);
});

test('a throwing function fails the task with its error; input and output are structured clones', async () => {
  const failing = spawnBlocking((n: number) => {
    if (n < 0) throw new RangeError('negative input');
    return n;
  }, -1);
  await expect(failing).rejects.toSatisfy(
    (e: { isFailure(): boolean; cause: Error }) => e.isFailure() && /negative input/.test(e.cause.message),
  );
  const copy = await runInWorker(
    (input: { list: number[] }) => ({ ...input, sum: input.list[0]! + input.list[1]! }),
    {
      list: [1, 2],
    },
  );
  expect(copy).toEqual({ list: [1, 2], sum: 3 });
});
