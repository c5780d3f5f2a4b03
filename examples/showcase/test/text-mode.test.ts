// The text mode's lines for the frames the socat test does not provoke (a lag, a shutdown) and the
// corner cases of formatting (a body with line breaks, an error without seq).
import { expect, it } from 'vitest';
import { formatLine } from '../text-mode';

it('formats every server frame as one line', () => {
  expect(formatLine({ t: 'lagged', room: 'lobby', missed: 12 })).toBe('* you missed 12 messages in lobby');
  expect(formatLine({ t: 'shutdown' })).toBe('* the server is shutting down');
  expect(
    formatLine({ t: 'msg', room: 'r', n: 3, from: 'ann', seq: 1, sentAt: 0, body: 'two\nlines\r\nhere' }),
  ).toBe('[r] ann: two lines here');
  expect(formatLine({ t: 'error', kind: 'idle', message: 'no frame for 30000 ms' })).toBe(
    '! idle: no frame for 30000 ms',
  );
  expect(formatLine({ t: 'joined', room: 'r', members: 1 })).toBe('* joined r (1 member)');
});
