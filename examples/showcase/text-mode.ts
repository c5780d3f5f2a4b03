// The text mode, for people: one line per message, so `socat - TCP:127.0.0.1:7879` or `nc` can
// join by hand. The adapter turns commands into `ClientFrame`s and `ServerFrame`s into lines; the
// session behind it is the binary mode's.
//
// In: `/nick NAME`, `/join ROOM`, `/leave ROOM`, `/quit`; any other line is said in the room
// joined last. Without a `/nick`, the first command introduces the client as `guest-<id>`.
// Out (one line each): `[room] name: body`, `* welcome, name (id 3)`, `* joined room (2 members)`,
// `* left room`, `* you missed 12 messages in room`, `! rate_limited: … (seq 7)`,
// `* the server is shutting down`.
import { InvalidUtf8Error, LinesCodec, MaxLengthExceededError } from '@async/codec';
import { framed, type TcpStream } from '@async/net';
import { MAX_FRAME_BYTES, NAME_PATTERN, type ServerFrame, TEXT_HELP } from './protocol';
import type { Inbound, Transport } from './transport';

/** The text-mode transport; it has sent `TEXT_HELP` when it resolves. */
export async function textTransport(stream: TcpStream, guestName: string): Promise<Transport> {
  const lines = framed<string, string>(stream, new LinesCodec({ maxLength: MAX_FRAME_BYTES }));
  for (const line of TEXT_HELP.split('\n')) await lines.feed(line);
  await lines.flush();
  return {
    inbound: commands(lines, guestName),
    feed: (frame, signal) => lines.feed(formatLine(frame), { signal }),
    flush: (signal) => lines.flush({ signal }),
    close: () => lines.close(),
  };
}

/** A server frame as the line a person reads. */
export function formatLine(frame: ServerFrame): string {
  switch (frame.t) {
    case 'msg':
      return `[${frame.room}] ${frame.from}: ${frame.body.replace(/\r?\n|\r/g, ' ')}`;
    case 'welcome':
      return `* welcome, ${frame.name} (id ${frame.id})`;
    case 'joined':
      return `* joined ${frame.room} (${frame.members} ${frame.members === 1 ? 'member' : 'members'})`;
    case 'left':
      return `* left ${frame.room}`;
    case 'lagged':
      return `* you missed ${frame.missed} messages in ${frame.room}`;
    case 'error':
      return `! ${frame.kind}: ${frame.message}${frame.seq === undefined ? '' : ` (seq ${frame.seq})`}`;
    case 'shutdown':
      return '* the server is shutting down';
  }
}

/**
 * The client's lines as frames. A bad command, a line over the limit or one that is not UTF-8 is
 * answered and skipped; the rooms joined are tracked here, so that a plain line goes to the last one.
 */
async function* commands(lines: AsyncIterator<string>, guestName: string): AsyncGenerator<Inbound, void> {
  let named = false;
  const joined: string[] = []; // in the order joined; the last is where plain lines go
  let seq = 0;
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await lines.next();
    } catch (e) {
      if (MaxLengthExceededError.is(e)) {
        yield unreadable('too_long', `a line is limited to ${MAX_FRAME_BYTES} bytes`);
        continue;
      }
      if (InvalidUtf8Error.is(e)) {
        yield unreadable('bad_frame', 'a line must be UTF-8');
        continue;
      }
      return; // the connection failed: the client is gone
    }
    if (next.done === true) return;
    const line = next.value;
    if (line.trim() === '') continue;
    const [command, argument = '', ...extra] = line.trim().split(/\s+/);
    if (!line.startsWith('/')) {
      const room = joined.at(-1);
      if (room === undefined) {
        yield unreadable('not_joined', 'join a room first: /join ROOM');
        continue;
      }
      yield { t: 'say', room, seq: ++seq, sentAt: performance.timeOrigin + performance.now(), body: line };
      continue;
    }
    if (!COMMANDS.has(command!)) {
      yield unreadable('bad_frame', `unknown command ${command}; ${USAGE}`);
      continue;
    }
    if (extra.length > 0 || (command !== '/quit' && argument === '')) {
      yield unreadable('bad_frame', `usage: ${USAGE}`);
      continue;
    }
    if (command === '/quit') {
      yield { t: 'bye' };
      return;
    }
    if (command === '/nick') {
      if (!NAME_PATTERN.test(argument)) yield unreadable('bad_frame', `bad name ${argument}: ${NAMES}`);
      else if (named) yield unreadable('bad_frame', 'the name is set once, at the start');
      else {
        named = true;
        yield { t: 'hello', name: argument };
      }
      continue;
    }
    if (!NAME_PATTERN.test(argument)) {
      yield unreadable('bad_frame', `bad room name ${argument}: ${NAMES}`);
      continue;
    }
    if (!named) {
      named = true;
      yield { t: 'hello', name: guestName };
    }
    const at = joined.indexOf(argument);
    if (at >= 0) joined.splice(at, 1);
    if (command === '/join') {
      joined.push(argument);
      yield { t: 'join', room: argument };
    } else yield { t: 'leave', room: argument };
  }
}

const USAGE = 'commands: /nick NAME, /join ROOM, /leave ROOM, /quit';
const NAMES = '1 to 32 letters, digits, - or _';
const COMMANDS = new Set(['/nick', '/join', '/leave', '/quit']);

const unreadable = (kind: Extract<Inbound, { t: 'unreadable' }>['kind'], message: string): Inbound => ({
  t: 'unreadable',
  kind,
  message,
});
