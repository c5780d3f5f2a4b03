import { connect as netConnect, type Socket } from 'node:net';
import { checkNumber, checkOptions, checkSignal, describe } from '@async/core/protocol';
import { connectSocket } from './connect';
import { SocketIo } from './socket-io';
import { SocketStream } from './socket-stream';

/** Options of {@link UnixStream.connect}. */
export interface UnixConnectOptions {
  /** Aborting it stops connecting: the call rejects with `signal.reason` and the socket is released. */
  readonly signal?: AbortSignal;
  /** Milliseconds to wait for the connection, on the default clock; then `ConnectionTimedOutError`. */
  readonly timeout?: number;
}

/** Throws unless `path` is a socket path. */
export function checkSocketPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`path must be a non-empty string (a socket path), got ${describe(path)}`);
  }
}

/**
 * A connection over a Unix domain socket (tokio's `UnixStream`): the same reads, writes, `split` and
 * cancel safety as {@link TcpStream}, on a socket path.
 *
 * @example
 * ```ts
 * import { UnixListener, UnixStream } from '@async/net';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import assert from 'node:assert/strict';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'sock-')), 'app.sock');
 * await using listener = await UnixListener.bind(path);
 * await using client = await UnixStream.connect(path);
 * await using server = await listener.accept();
 * await client.writeAll(new TextEncoder().encode('hi'));
 * assert.equal(new TextDecoder().decode(await server.readExact(2)), 'hi');
 * ```
 */
export class UnixStream extends SocketStream {
  /** @internal */
  protected override readonly io: SocketIo;
  /** The socket path. */
  readonly path: string;

  /** @internal Wraps a connected socket; use {@link UnixStream.connect} or `UnixListener.accept`. */
  constructor(socket: Socket, path: string) {
    super();
    this.path = path;
    this.io = new SocketIo(socket, path);
  }

  /**
   * Connects to the socket at `path`. Rejects with `ConnectionRefusedError` (nobody listens there),
   * `SocketError` (no such file: `syscallCode` is `ENOENT`), `ConnectionTimedOutError`, or
   * `signal.reason`. **Cancel safety.** An aborted connect leaves nothing open.
   */
  static connect(path: string, options?: UnixConnectOptions): Promise<UnixStream> {
    checkSocketPath(path);
    checkOptions(options, 'connect options', ['signal', 'timeout']);
    const { signal, timeout } = options ?? {};
    if (signal !== undefined) checkSignal(signal, 'signal');
    if (timeout !== undefined) checkNumber(timeout, 'timeout', 0);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const socket = netConnect({ path, allowHalfOpen: true });
    return connectSocket(socket, path, signal, timeout).then((s) => new UnixStream(s, path));
  }
}
