import { expect, test } from 'vitest';
import { main } from '../fc-02-join';

test('join runs operations at the same time, keeps their order and names, and waits for all on failure', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'sequential: User_1, User_2, User_3; at most 1 in flight',
    'join: User_1, User_2, User_3; at most 3 in flight',
    expect.stringMatching(/^took \d+ ms one after the other, \d+ ms with join$/),
    'profile: ada, 2 posts, 3 unread',
    'join failed: request for "x" failed; operations settled by then: 3 of 3',
  ]);
});
