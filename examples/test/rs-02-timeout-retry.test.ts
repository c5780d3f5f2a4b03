import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-02-timeout-retry';

test('RS-02 each attempt is limited and aborted at its limit; an outer limit bounds all attempts', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'by hand:',
    '  call 1 aborted: timed out',
    '  call 2 aborted: timed out',
    '  response on call 3 at 650 ms',
    'as a policy:',
    '  call 1 aborted: timed out',
    '  call 2 aborted: timed out',
    '  response on call 3 at 650 ms',
    'one limit for all attempts:',
    '  timed out at 250 ms',
  ]);
});
