// The showcase chat protocol, shared by the server and the load client.
//
// Binary mode (the default port): each frame is a JSON value behind a 4-byte big-endian length
// prefix (`JsonCodec`, which is `LengthDelimitedCodec` + JSON). Text mode (the text port): one line
// per message, so `socat - TCP:127.0.0.1:PORT` or `nc` can join by hand (see TEXT_HELP).

/** Largest frame either side accepts; a longer one is a protocol error and closes the connection. */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Largest message body, in UTF-16 code units; a longer one is refused with a `too_long` error. */
export const MAX_BODY_LENGTH = 1024;

/** Room and user names: 1–32 of letters, digits, `-` and `_`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** What a client sends. */
export type ClientFrame =
  /** First frame of a connection: who the client is. Answered by `welcome`. */
  | { readonly t: 'hello'; readonly name: string }
  /** Subscribe to a room (created on first join). Answered by `joined`. */
  | { readonly t: 'join'; readonly room: string }
  /** Unsubscribe. Answered by `left`. */
  | { readonly t: 'leave'; readonly room: string }
  /**
   * Say something in a room the client has joined. `seq` is the sender's own counter (per connection,
   * increasing); `sentAt` is the sender's clock in milliseconds (`performance.timeOrigin +
   * performance.now()`), echoed back unchanged so the receivers can measure delivery latency on one machine.
   */
  | {
      readonly t: 'say';
      readonly room: string;
      readonly seq: number;
      readonly sentAt: number;
      readonly body: string;
    }
  /** Polite goodbye: the server answers nothing more and closes the connection. */
  | { readonly t: 'bye' };

/** Why the server refused a frame. */
export type ErrorKind =
  | 'rate_limited' // the per-client rate limiter refused a `say`; the message was not delivered
  | 'not_joined' // `say` or `leave` for a room the client is not in
  | 'bad_frame' // not a valid ClientFrame (JSON that does not fit, a bad name, `hello` twice…)
  | 'too_long' // a `say` body longer than MAX_BODY_LENGTH
  | 'idle'; // no frame for the idle timeout: the server closes the connection after this error

/** What the server sends. */
export type ServerFrame =
  | { readonly t: 'welcome'; readonly id: number; readonly name: string }
  | { readonly t: 'joined'; readonly room: string; readonly members: number }
  | { readonly t: 'left'; readonly room: string }
  /**
   * A message of a room, to every member, the sender included. `n` is the room's own sequence number,
   * assigned by the server: each member sees a room's messages in increasing `n` with no gap, except
   * right after a `lagged` frame for that room, whose `missed` is the size of the gap.
   */
  | {
      readonly t: 'msg';
      readonly room: string;
      readonly n: number;
      readonly from: string;
      readonly seq: number;
      readonly sentAt: number;
      readonly body: string;
    }
  /** The client read too slowly: `missed` messages of `room` were skipped for it (broadcast lag). */
  | { readonly t: 'lagged'; readonly room: string; readonly missed: number }
  /** A refused frame. `seq` names the refused `say` when there was one. */
  | { readonly t: 'error'; readonly kind: ErrorKind; readonly message: string; readonly seq?: number }
  /** The server is shutting down: no new messages; the connection closes after the grace period. */
  | { readonly t: 'shutdown' };

/** What a text-mode client reads right after connecting. */
export const TEXT_HELP = [
  'welcome to the @async showcase chat (text mode)',
  'commands: /nick NAME, /join ROOM, /leave ROOM, /quit; any other line is said in the room you joined last',
].join('\n');
