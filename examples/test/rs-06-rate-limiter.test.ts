import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-06-rate-limiter';

test('RS-06 a burst of 3, then 2 a second; a timed-out or refused acquire takes nothing', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'a burst, then the steady rate:',
    '  request 1 at 0 ms',
    '  request 2 at 0 ms',
    '  request 3 at 0 ms',
    '  request 4 at 500 ms',
    '  request 5 at 1000 ms',
    '  request 6 at 1500 ms',
    'shedding load with tryAcquire:',
    '  admitted now: false; tokens come in 500 ms',
    'acquire with a timeout, by hand:',
    '  timed out after 200 ms',
    'acquire with maxWait:',
    '  refused at once; retry after 800 ms',
    '  one token within 1 s: acquired at 2000 ms',
  ]);
});
