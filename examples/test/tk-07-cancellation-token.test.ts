import { expect, test } from 'vitest';
import { main } from '../tk-07-cancellation-token';

test('cancelling a child stops its workers only; cancelling the root stops all; dispose cancels', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'upload 1: cancelled',
    'upload 2: cancelled',
    'after uploads.cancel(): root false, downloads false',
    'download 1: cancelled',
    'after root.cancel(): downloads true, its signal aborted true',
    'handling a request',
    'request timer: AbortError',
    'server token still live: true',
  ]);
});
