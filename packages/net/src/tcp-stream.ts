import { connect as netConnect, type Socket } from 'node:net';
import { checkBoolean, checkNumber, checkOptions, checkSignal } from '@async/core/protocol';
import { connectSocket } from './connect';
import { formatAddr, parseAddr, type SocketAddr, type ToSocketAddr, toSocketAddr } from './socket-addr';
import { SocketIo } from './socket-io';
import { SocketStream } from './socket-stream';

/** Options of {@link TcpStream.connect}. */
export interface ConnectOptions {
  /** Aborting it stops connecting: the call rejects with `signal.reason` and the socket is released. */
  readonly signal?: AbortSignal;
  /**
   * Milliseconds to wait for the connection, on the default clock (a `TestClock` controls it);
   * then the call rejects with `ConnectionTimedOutError`.
   * @defaultValue none: the operating system's own limit
   */
  readonly timeout?: number;
  /**
   * Disables Nagle's algorithm (tokio's `set_nodelay`): small writes go out at once.
   * @defaultValue `false`
   */
  readonly noDelay?: boolean;
  /**
   * Enables TCP keep-alive; a number is the idle time in milliseconds before the first probe.
   * @defaultValue `false`
   */
  readonly keepAlive?: boolean | number;
}

const CONNECT_OPTIONS = ['signal', 'timeout', 'noDelay', 'keepAlive'] as const;

/**
 * A TCP connection (tokio's `TcpStream`): read with `read`, `readExact`, `readToEnd` or `for await`,
 * write with `write` / `writeAll`, half close with `shutdown`, and release it with `close()` or
 * `await using`. Every buffer is bounded (64 KiB of unread input, the socket's high-water mark of
 * output); every call takes a `signal`, and each documents its cancel safety as tokio does.
 * `split()` gives a read half and a write half for two tasks.
 *
 * @example
 * ```ts
 * import { TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * await using listener = await TcpListener.bind('127.0.0.1:0');
 * const client = await TcpStream.connect(listener.localAddr);
 * await using server = await listener.accept();
 * await client.writeAll(new TextEncoder().encode('ping'));
 * await client.shutdown();
 * assert.equal(new TextDecoder().decode(await server.readToEnd({ maxBytes: 1024 })), 'ping');
 * await client.close();
 * ```
 */
export class TcpStream extends SocketStream {
  /** @internal */
  protected override readonly io: SocketIo;
  /** The local end's address. */
  readonly localAddr: SocketAddr;
  /** The peer's address. */
  readonly peerAddr: SocketAddr;

  /**
   * @internal Wraps a connected socket; use {@link TcpStream.connect} or `TcpListener.accept`.
   * `localAddr`, when the caller knows it, spares asking the system.
   */
  constructor(socket: Socket, localAddr?: SocketAddr) {
    super();
    this.peerAddr = toSocketAddr(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    this.localAddr = localAddr ?? toSocketAddr(socket.localAddress, socket.localPort, socket.localFamily);
    this.io = new SocketIo(socket, formatAddr(this.peerAddr.host, this.peerAddr.port));
  }

  /**
   * Disables Nagle's algorithm when `enabled` (tokio's `set_nodelay`), so that a small write goes out at
   * once instead of waiting for the peer to acknowledge the previous one. A server that answers small
   * requests usually wants it on its accepted streams; `connect` takes it as the `noDelay` option.
   *
   * @example
   * ```ts
   * import { serve, TcpListener } from '@async/net';
   *
   * const listener = await TcpListener.bind('127.0.0.1:0');
   * const server = serve(listener, async (stream) => {
   *   stream.setNoDelay(true); // replies are small: send each at once
   *   await stream.writeAll(new TextEncoder().encode('hi\n'));
   * });
   * await listener.close();
   * await server;
   * ```
   */
  setNoDelay(enabled: boolean): void {
    checkBoolean(enabled, 'enabled');
    this.io.socket.setNoDelay(enabled);
  }

  /**
   * Connects to `addr`. Resolves once connected; rejects with `ConnectionRefusedError`,
   * `ConnectionTimedOutError`, `DnsError` (each naming the address), or `signal.reason`.
   * **Cancel safety.** An aborted or timed-out connect leaves nothing open.
   */
  static connect(addr: ToSocketAddr, options?: ConnectOptions): Promise<TcpStream> {
    const { host = 'localhost', port } = parseAddr(addr, 'addr');
    checkOptions(options, 'connect options', CONNECT_OPTIONS);
    const { signal, timeout, noDelay = false, keepAlive = false } = options ?? {};
    if (signal !== undefined) checkSignal(signal, 'signal');
    if (timeout !== undefined) checkNumber(timeout, 'timeout', 0);
    checkBoolean(noDelay, 'noDelay');
    if (typeof keepAlive !== 'boolean') checkNumber(keepAlive, 'keepAlive', 0);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const socket = netConnect({
      host,
      port,
      allowHalfOpen: true,
      noDelay,
      keepAlive: keepAlive !== false,
      keepAliveInitialDelay: typeof keepAlive === 'number' ? keepAlive : 0,
    });
    return connectSocket(socket, formatAddr(host, port), signal, timeout).then((s) => new TcpStream(s));
  }
}
