import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-05-bulkhead';

test('RS-05 the bulkhead runs two, queues one, rejects the rest; a caller that leaves frees its place', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'by hand (Semaphore.tryAcquire):',
    '  request 1 served',
    '  request 2 served',
    '  request 3 rejected',
    'as a policy (2 at once, 1 waiting):',
    '  running 2, queued 1',
    '  after request 3 left: running 2, queued 1',
    '  request 1 served',
    '  request 2 served',
    '  request 3 gave up: client left',
    '  request 4 rejected: bulkhead full',
    '  request 5 served',
  ]);
});
