import { expect, test } from 'vitest';
import { main } from '../tk-08-join-error';

test('a throwing task gives a failure JoinError with its cause; an aborted one a cancelled JoinError', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    "parser failed (task 'parser' failed: This task panics!); cause: This task panics!",
    'long job was cancelled (task was cancelled)',
    'lookup completed with {"ok":false,"error":"user 7 not found"}',
    'config task failed with SyntaxError; using defaults',
    'config: {"retries":3}',
  ]);
});
