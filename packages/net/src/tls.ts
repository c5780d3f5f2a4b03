import type { Server, Socket } from 'node:net';
import { createServer, type SecureContextOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { checkNumber, checkOptions, checkSignal } from '@async/core/protocol';
import { connectSocket } from './connect';
import { formatAddr, parseAddr, type SocketAddr, type ToSocketAddr, toSocketAddr } from './socket-addr';
import { SocketIo } from './socket-io';
import { checkBind, listen, SocketListener } from './socket-listener';
import { SocketStream } from './socket-stream';
import type { BindOptions } from './tcp-listener';

/** Options of {@link TlsStream.connect}: `node:tls`'s trust and identity options, plus ours. */
export interface TlsConnectOptions {
  /** Aborting it stops connecting (and the handshake): rejects with `signal.reason`, nothing stays open. */
  readonly signal?: AbortSignal;
  /** Milliseconds for the connection and the handshake, on the default clock; then `ConnectionTimedOutError`. */
  readonly timeout?: number;
  /** The server name to verify and to send (SNI). @defaultValue the host, unless it is an IP address */
  readonly servername?: string;
  /** Certificates to trust instead of the system's (PEM). */
  readonly ca?: SecureContextOptions['ca'];
  /** A client certificate (PEM), with `key`. */
  readonly cert?: SecureContextOptions['cert'];
  /** The client certificate's private key (PEM). */
  readonly key?: SecureContextOptions['key'];
  /** Verify the server's certificate. Turn off only in tests. @defaultValue `true` */
  readonly rejectUnauthorized?: boolean;
}

/** Options of {@link TlsListener.bind}: the server's certificate and key, and the backlog. */
export interface TlsBindOptions extends BindOptions {
  /** The server's certificate chain (PEM). */
  readonly cert: SecureContextOptions['cert'];
  /** The server's private key (PEM). */
  readonly key: SecureContextOptions['key'];
  /** Certificates to verify client certificates with (PEM). */
  readonly ca?: SecureContextOptions['ca'];
  /** Ask clients for a certificate and refuse those without a valid one. @defaultValue `false` */
  readonly requestCert?: boolean;
}

const TLS_CONNECT = ['signal', 'timeout', 'servername', 'ca', 'cert', 'key', 'rejectUnauthorized'] as const;

/**
 * A TLS connection over TCP (tokio-rustls' `TlsStream`): a {@link TcpStream}'s reads, writes, `split`
 * and cancel safety, encrypted. `connect` resolves once the handshake verified the server.
 *
 * @example
 * ```ts no-run
 * import { TlsStream } from '@async/net';
 *
 * await using stream = await TlsStream.connect('example.org:443', { timeout: 5000 });
 * await stream.writeAll(new TextEncoder().encode('HEAD / HTTP/1.0\r\nHost: example.org\r\n\r\n'));
 * ```
 */
export class TlsStream extends SocketStream {
  /** @internal */
  protected override readonly io: SocketIo;
  /** The local end's address. */
  readonly localAddr: SocketAddr;
  /** The peer's address. */
  readonly peerAddr: SocketAddr;
  /** The negotiated protocol version, such as `'TLSv1.3'`. */
  readonly protocol: string | null;

  /** @internal */
  constructor(socket: TLSSocket) {
    super();
    this.peerAddr = toSocketAddr(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    this.localAddr = toSocketAddr(socket.localAddress, socket.localPort, socket.localFamily);
    this.protocol = socket.getProtocol();
    this.io = new SocketIo(socket, formatAddr(this.peerAddr.host, this.peerAddr.port));
  }

  /**
   * Connects to `addr` and completes the TLS handshake. Rejects with `TlsError` when the certificate
   * does not verify, with the TCP errors of `TcpStream.connect`, or with `signal.reason`.
   * **Cancel safety.** An aborted or timed-out connect leaves nothing open.
   */
  static connect(addr: ToSocketAddr, options?: TlsConnectOptions): Promise<TlsStream> {
    const { host = 'localhost', port } = parseAddr(addr, 'addr');
    checkOptions(options, 'connect options', TLS_CONNECT);
    const { signal, timeout, ...tls } = options ?? {};
    if (signal !== undefined) checkSignal(signal, 'signal');
    if (timeout !== undefined) checkNumber(timeout, 'timeout', 0);
    if (signal?.aborted) return Promise.reject(signal.reason);
    // No `allowHalfOpen` for a TLS client in Node: once the server ends its side, ours ends too.
    const socket = tlsConnect({ host, port, ...tls });
    return connectSocket(socket, formatAddr(host, port), signal, timeout, 'secureConnect').then(
      (s) => new TlsStream(s as TLSSocket),
    );
  }
}

/**
 * A TLS server socket (tokio-rustls' `TlsAcceptor` over a `TcpListener`): `accept` resolves with
 * connections whose handshake completed; a client whose handshake fails is never seen.
 */
export class TlsListener extends SocketListener<TlsStream> {
  /** The address it listens on. */
  readonly localAddr: SocketAddr;

  private constructor(server: Server, backlog: number) {
    super(server, backlog, 'secureConnection');
    const a = server.address();
    if (a === null || typeof a === 'string') throw new TypeError('not a TCP server');
    this.localAddr = toSocketAddr(a.address, a.port, a.family);
  }

  /** @internal */
  protected override wrap(socket: Socket): TlsStream {
    return new TlsStream(socket as TLSSocket);
  }

  /** @internal */
  protected override get addressName(): string {
    return formatAddr(this.localAddr.host, this.localAddr.port);
  }

  /** Binds to `addr` with the certificate and key of `options`, and listens (see `TcpListener.bind`). */
  static override bind(addr: ToSocketAddr, options: TlsBindOptions): Promise<TlsListener> {
    const { host, port } = parseAddr(addr, 'addr');
    const {
      backlog: _b,
      signal: _s,
      cert,
      key,
      ca,
      requestCert = false,
      ...rest
    } = options ?? ({} as TlsBindOptions);
    checkOptions(rest, 'bind options', []);
    const { backlog, signal } = checkBind({ backlog: options?.backlog, signal: options?.signal });
    const server = createServer({
      // Not while the handshake runs: a client that gives up on it (say, its check of our
      // certificate failed) ends its side, and a half-open server socket would wait for Node's
      // two-minute handshake timeout before it is released. Half open once secure, as over TCP.
      allowHalfOpen: false,
      cert,
      key,
      ca,
      requestCert,
      rejectUnauthorized: requestCert,
    });
    // A failed handshake is the client's problem: it must not crash the server.
    server.on('tlsClientError', () => {});
    server.on('secureConnection', allowHalfOpen);
    return listen(server, { host, port, backlog }, formatAddr(host ?? '0.0.0.0', port), signal).then(
      () => new TlsListener(server, backlog),
    );
  }
}

/** A secure server-side socket stays open for writing after the client ended its side. */
function allowHalfOpen(socket: TLSSocket): void {
  socket.allowHalfOpen = true;
}
