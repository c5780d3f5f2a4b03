import { createServer, type Server, type Socket } from 'node:net';
import { formatAddr, parseAddr, type SocketAddr, type ToSocketAddr, toSocketAddr } from './socket-addr';
import { checkBind, listen, SocketListener } from './socket-listener';
import { TcpStream } from './tcp-stream';

/** Options of {@link TcpListener.bind} and {@link UnixListener.bind}. */
export interface BindOptions {
  /**
   * How many connections may wait to be accepted: the kernel's listen backlog, and the bound of the
   * listener's own queue of connections Node accepted that `accept` has not taken yet. A connection
   * beyond it is closed at once (the client sees a reset), never buffered without bound.
   * @defaultValue `511`
   */
  readonly backlog?: number;
  /** Aborting it stops binding (rejects with `signal.reason`, nothing stays bound). */
  readonly signal?: AbortSignal;
}

/**
 * A TCP socket listening for connections (tokio's `TcpListener`). `accept()` resolves with the next
 * connection; `for await (const stream of listener)` accepts until the listener is closed; the
 * listener is also a `select` branch (cancel safe: a losing branch accepts nothing), to race accepting
 * against a shutdown signal.
 *
 * @example
 * ```ts
 * import { CancellationToken, select } from '@async/core';
 * import { TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * await using listener = await TcpListener.bind('127.0.0.1:0');
 * const stop = new CancellationToken(); // cancelled on shutdown
 * const client = await TcpStream.connect(listener.localAddr);
 * const first = await select({ accepted: listener, stop });
 * assert.equal(first?.key, 'accepted');
 * await client.close();
 * if (first?.key === 'accepted') await first.value.close();
 * ```
 */
export class TcpListener extends SocketListener<TcpStream> {
  /** The address it listens on (with the port the system chose for port 0). */
  readonly localAddr: SocketAddr;
  /**
   * The local address of every connection accepted, when the listener is bound to one address (not
   * a wildcard): it saves a system call per connection.
   */
  private readonly acceptedAddr: SocketAddr | undefined;

  private constructor(server: Server, backlog: number) {
    super(server, backlog);
    const a = server.address();
    if (a === null || typeof a === 'string') throw new TypeError('not a TCP server');
    this.localAddr = toSocketAddr(a.address, a.port, a.family);
    this.acceptedAddr = a.address === '0.0.0.0' || a.address === '::' ? undefined : this.localAddr;
  }

  /** @internal */
  protected override wrap(socket: Socket): TcpStream {
    return new TcpStream(socket, this.acceptedAddr);
  }

  /** @internal */
  protected override get addressName(): string {
    return formatAddr(this.localAddr.host, this.localAddr.port);
  }

  /**
   * Binds to `addr` and listens. Resolves once listening; rejects with `AddressInUseError` (naming
   * the address), another `NetError`, or `signal.reason`.
   */
  static override bind(addr: ToSocketAddr, options?: BindOptions): Promise<TcpListener> {
    const { host, port } = parseAddr(addr, 'addr');
    const { backlog, signal } = checkBind(options);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    return listen(server, { host, port, backlog }, formatAddr(host ?? '0.0.0.0', port), signal).then(
      () => new TcpListener(server, backlog),
    );
  }
}
