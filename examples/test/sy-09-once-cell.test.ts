import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-09-once-cell';

test('SY-09 one initialiser at a time; a failed one lets the next caller retry', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'caller 1 loads the config (attempt 1)',
    'caller 2 loads the config (attempt 2)',
    'caller 1: config server unavailable',
    'caller 2: got config loaded by 2',
    'caller 3: got config loaded by 2',
    'caller 4: got config loaded by 2',
    'caller 5: got config loaded by 2',
    'loads: 2; cell initialised: true',
    'later call: postgres://db/app, loads still 2',
  ]);
});
