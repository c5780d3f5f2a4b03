import { expect, test } from 'vitest';
import { main } from '../io-02-write-append';

test('IO-02 writes atomically, appends, writes through a buffer, and an aborted atomic write leaves the old file', async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'config: {"version":2}',
    'files in the directory: config.json',
    'log: "line 1\\nline 2\\nline 3\\n"',
    'buffered before flush: 9893 bytes, in the file: 0',
    'after sync: 0 bytes buffered, 9893 in the file',
    'events.log ends with: "event 1000\\nlast\\n"',
    'aborted write: shutting down',
    'config after the aborted write: {"version":2}',
  ]);
});
