import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-09-resource-cleanup';

test('RS-09 every connection is closed: after a failed attempt, after success, after an abort', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'each attempt cleans up after itself:',
    '  open connection 1',
    '  closed connection 1',
    '  open connection 2',
    '  closed connection 2',
    '  rows for SELECT 1',
    'an abort cleans up too:',
    '  open connection 3',
    '  closed connection 3',
    '  rejected: user cancelled',
    'open connections: 0',
  ]);
});
