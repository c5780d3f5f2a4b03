// What a session needs from a connection, whatever its mode: the client's frames in, the server's
// frames out. The binary mode (binary-mode.ts) and the text mode (text-mode.ts) are two adapters
// behind this one interface, so the protocol's rules live once, in session.ts.
import type { ClientFrame, ErrorKind, ServerFrame } from './protocol';

/**
 * Something the client sent that is not a frame the session can act on: the adapter says why, and
 * the session answers with an `error` frame of that kind. `fatal`: the adapter cannot read further
 * (a frame longer than `MAX_FRAME_BYTES`), so its frames end right after this.
 */
export interface Unreadable {
  readonly t: 'unreadable';
  readonly kind: Extract<ErrorKind, 'bad_frame' | 'too_long' | 'not_joined'>;
  readonly message: string;
  readonly fatal?: boolean;
}

/** One step of a client's input. */
export type Inbound = ClientFrame | Unreadable;

export interface Transport {
  /**
   * The client's input, in order. It never rejects: a connection that fails (reset, closed by the
   * server) simply ends. A `next()` may be left pending when the session ends; closing the stream
   * settles it.
   */
  readonly inbound: AsyncIterator<Inbound>;
  /** Encodes `frame` into the write buffer; waits only while that buffer is over its bound. */
  feed(frame: ServerFrame, signal: AbortSignal): Promise<void>;
  /** Hands what was fed to the socket; waits while the peer does not read. */
  flush(signal: AbortSignal): Promise<void>;
  /** Ends the writing side once what was fed has been written (the peer reads the end). */
  close(): Promise<void>;
}
