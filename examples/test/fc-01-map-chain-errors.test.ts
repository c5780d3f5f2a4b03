import { expect, test } from 'vitest';
import { main } from '../fc-01-map-chain-errors';

test('values are transformed and chained; each failure becomes one AppError kind; or_else recovers', async () => {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  expect(lines).toEqual([
    'map: USER_42',
    'then: user_42',
    'chain: User_42 has 2 posts',
    'error: bad data: invalid user ID',
    'error: resource not found: /users/7 not found',
    expect.stringMatching(/^error: bad data: .*JSON/), // the parser's own message
    'error: network error: fetch failed: ECONNREFUSED (cause: TypeError)',
    'or_else: guest',
  ]);
});
