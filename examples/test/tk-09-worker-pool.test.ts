import { expect, test } from 'vitest';
import { main, WorkerPool } from '../tk-09-worker-pool';

test('three workers share the queue in turn, never run more than three jobs, and exit once it is drained', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'worker 0 runs task 0',
    'worker 1 runs task 1',
    'worker 2 runs task 2',
    'worker 0 runs task 3',
    'worker 1 runs task 4',
    'worker 2 runs task 5',
    'worker 0 runs task 6',
    'worker 1 exits',
    'worker 2 exits',
    'worker 0 exits',
    'results: 0, 1, 4, 9, 16, 25, 36',
    'at most 3 jobs ran at once',
  ]);
});

test('a job that throws rejects its own submit, and the worker goes on', async () => {
  const pool = new WorkerPool(1, () => {});
  const bad = pool.submit('bad', async () => {
    throw new Error('bad job');
  });
  const good = pool.submit('good', async () => 'fine');
  await expect(bad).rejects.toThrow('bad job');
  await expect(good).resolves.toBe('fine');
  await pool.close();
  await expect(pool.submit('late', async () => 1)).rejects.toThrow('closed');
  expect(() => new WorkerPool(0, () => {})).toThrow(RangeError);
});
