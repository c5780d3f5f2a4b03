import { expect, test } from 'vitest';
import { main } from '../fc-06-lazy-futures-and-executor';

test('async functions are eager, thunks are lazy; the toy executor polls again only after a wake', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'calling an async function runs it at once (eager):',
    '  greet: body runs',
    '  promise created',
    '  awaited: hello',
    'a function is the lazy form (an async block not yet started):',
    '  nothing ran yet',
    '  greet: body runs',
    '  started and awaited: hello',
    'a toy executor polling three futures:',
    '  poll ready: Ready(42)',
    '  poll once: Pending',
    '  poll countdown: Pending',
    '  poll once: Ready("ready on the second poll")',
    '  poll countdown: Pending',
    '  poll countdown: Ready(0)',
    '  outputs: {"ready":42,"once":"ready on the second poll","countdown":0}',
    'the select protocol is poll + waker:',
    '  select woke for flag: flag raised',
  ]);
});
