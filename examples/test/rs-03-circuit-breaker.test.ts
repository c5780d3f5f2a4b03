import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-03-circuit-breaker';

test('RS-03 the breaker opens after three failures, refuses, then probes and closes', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'the service fails:',
    '  call 1: 503',
    '  call 2: 503',
    '  [0 ms] circuit open',
    '  call 3: 503',
    '  call 4: refused (circuit open)',
    '  call 5: refused (circuit open)',
    '  the service was called 3 times, not 5',
    'a second later, it has recovered:',
    '  [1000 ms] circuit half-open',
    '  [1000 ms] circuit closed',
    '  probe: ok',
    '  next call: ok',
  ]);
});
