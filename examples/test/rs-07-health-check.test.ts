import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-07-health-check';

test('RS-07 timed-out probes mark the service unhealthy after three misses, and a success heals it', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '[600 ms] unhealthy after 3 missed checks',
    '[720 ms] healthy again',
    'checker stopped; restarts: 0',
  ]);
});
