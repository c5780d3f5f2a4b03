import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../rs-08-graceful-shutdown';

test('RS-08 shutdown stops accepting, lets in-flight work finish within the grace period, aborts the rest', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '[100 ms] request 1 accepted',
    '[200 ms] request 2 accepted',
    '[250 ms] request 1 done',
    '[300 ms] request 3 accepted',
    '[400 ms] request 4 accepted',
    '[450 ms] shutdown: no new requests',
    '[450 ms] 3 requests in flight; grace period 1000 ms',
    '[500 ms] request 3 done',
    '[1100 ms] request 2 done',
    '[1450 ms] grace period over: aborting 1',
    '[1450 ms] request 4 aborted (grace period over)',
    '[1450 ms] stopped',
  ]);
});
