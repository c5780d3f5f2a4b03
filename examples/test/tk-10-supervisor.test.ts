import { expect, test } from 'vitest';
import { main, supervise } from '../tk-10-supervisor';

test('the supervisor restarts with doubling backoff, gives up after maxRestarts, and stops on abort', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'flaky service:',
    '  attempt 1 failed (connection refused #1); restarting in 1 ms',
    '  attempt 2 failed (connection refused #2); restarting in 2 ms',
    '  connected on start 3',
    'broken service:',
    '  attempt 1 failed (bad config); restarting in 1 ms',
    '  attempt 2 failed (bad config); restarting in 2 ms',
    "  gave up: task 'cache' failed: bad config",
    'stopped supervisor:',
    '  attempt 1 failed (unreachable host); restarting in 10000 ms',
    '  stopped with AbortError after well under a second',
    'as a policy (@async/resilience):',
    '  connected on start 3',
    '  restart 1 after "connection refused #1", waited 1 ms',
    '  restart 2 after "connection refused #2", waited 2 ms',
    '  gave up: the task failed after 2 restarts: bad config',
  ]);
});

test('backoff is capped by maxDelay, and an aborted task is not restarted', async () => {
  const delays: number[] = [];
  let starts = 0;
  await supervise(
    'capped',
    async () => {
      if (++starts < 5) throw new Error('again');
      return starts;
    },
    { maxRestarts: 10, baseDelay: 1, maxDelay: 3, onRestart: (_, __, delay) => delays.push(delay) },
  );
  expect(delays).toEqual([1, 2, 3, 3]);

  const stop = new AbortController();
  const running = supervise(
    'long',
    (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    { maxRestarts: 5, baseDelay: 1, signal: stop.signal, onRestart: () => expect.unreachable() },
  );
  stop.abort();
  await expect(running).rejects.toSatisfy((e: { isCancelled(): boolean }) => e.isCancelled());
});
