import { expect, test } from 'vitest';
import { main } from '../rt-02-runtime-configuration';

test('signals abort the root signal with 128+n, tasks get the grace period, stubborn ones are reported', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'inventory service, stopped by SIGTERM:',
    '  serving until a signal arrives',
    '  main: root signal aborted (inventory received SIGTERM)',
    '  heartbeat: flushed and stopped',
    '  exit code 143',
    'batch job with a stubborn task and a 20 ms grace period:',
    '  report: batch: 1 task(s) still running after the 20 ms grace period: legacy-poller',
    '  exit code 1',
    'daemon listening for SIGHUP:',
    '  listeners for SIGHUP while running: 1',
    '  exit code 129; listeners left behind: 0',
  ]);
  expect(process.exitCode).toBeUndefined();
});
