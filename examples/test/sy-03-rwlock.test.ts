import { TestClock } from '@async/time';
import { expect, test } from 'vitest';
import { main } from '../sy-03-rwlock';

test('SY-03 readers share the lock, a waiting writer goes before later readers', async () => {
  // Virtual time: the example's sleeps and timeouts take no real time, and its output is exact.
  using _ = TestClock.install({ autoAdvance: true });
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'writer sets mode=safe (readers inside: 0)',
    'reader 1 saw mode=fast',
    'reader 2 saw mode=fast',
    'reader 3 saw mode=fast',
    'writer done',
    'reader 4 saw mode=safe',
    'reader 5 saw mode=safe',
    'at most 3 readers at once',
    'downgraded, still reading mode=final; other readers allowed: true',
  ]);
});
