import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sl-09-resetting-timeout';

test('SL-09 resetting timeout: activity pushes the idle deadline back; silence closes', async () => {
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    '+100 ms hello',
    '+300 ms ping',
    '+550 ms data',
    '+950 ms idle for 400 ms: closing the connection',
  ]);
});
