import { connect as netConnect, type Socket } from 'node:net';
import { sleep } from '@async/time';
import { ConnectionTimedOutError, fromNodeError, SocketClosedError } from './errors';
import { Reader, Writer } from './read-write';
import { formatAddr, parseAddr, type SocketAddr, type ToSocketAddr, toSocketAddr } from './socket-addr';
import { type IoOptions, SocketIo } from './socket-io';
import { checkBoolean, checkNumber, checkOptions, checkSignal, describe } from './validate';

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
export class TcpStream extends Reader implements AsyncDisposable {
  /** @internal */
  protected readonly io: SocketIo;
  /** The local end's address. */
  readonly localAddr: SocketAddr;
  /** The peer's address. */
  readonly peerAddr: SocketAddr;
  private splitDone = false;

  /** @internal Wraps a connected socket; use {@link TcpStream.connect} or `TcpListener.accept`. */
  constructor(socket: Socket) {
    super();
    this.peerAddr = toSocketAddr(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    this.localAddr = toSocketAddr(socket.localAddress, socket.localPort, socket.localFamily);
    this.io = new SocketIo(socket, formatAddr(this.peerAddr.host, this.peerAddr.port));
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
    const address = formatAddr(host, port);
    return new Promise<TcpStream>((resolve, reject) => {
      const socket = netConnect({
        host,
        port,
        allowHalfOpen: true,
        noDelay,
        keepAlive: keepAlive !== false,
        keepAliveInitialDelay: typeof keepAlive === 'number' ? keepAlive : 0,
      });
      const timer = timeout === undefined ? undefined : sleep(timeout);
      const finish = (error: unknown, failed: boolean): void => {
        socket.off('connect', onConnect).off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        timer?.[Symbol.dispose]();
        if (!failed) {
          resolve(new TcpStream(socket));
          return;
        }
        socket.destroy();
        reject(error);
      };
      const onConnect = (): void => finish(undefined, false);
      const onError = (e: unknown): void => finish(fromNodeError(e, address), true);
      const onAbort = (): void => finish(signal!.reason, true);
      socket.once('connect', onConnect).once('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      timer?.then(
        () => finish(new ConnectionTimedOutError(`connection timed out after ${timeout} ms`, address), true),
        () => {},
      );
    });
  }

  /** {@inheritDoc Writer.write} */
  write(chunk: Uint8Array, options?: IoOptions): Promise<number> {
    return Writer.prototype.write.call(this as never, chunk, options);
  }

  /** {@inheritDoc Writer.writeAll} */
  writeAll(chunk: Uint8Array, options?: IoOptions): Promise<void> {
    return Writer.prototype.writeAll.call(this as never, chunk, options);
  }

  /** {@inheritDoc Writer.flush} */
  flush(options?: IoOptions): Promise<void> {
    return Writer.prototype.flush.call(this as never, options);
  }

  /** {@inheritDoc Writer.shutdown} */
  shutdown(options?: IoOptions): Promise<void> {
    return Writer.prototype.shutdown.call(this as never, options);
  }

  /**
   * A read half and a write half (tokio's `into_split`), for one task that reads while another
   * writes (IO-07). The stream itself should not be used while split; `read.unsplit(write)` gives it
   * back. Disposing the write half shuts the writing side down, as dropping tokio's `OwnedWriteHalf`.
   */
  split(): [ReadHalf, WriteHalf] {
    if (this.splitDone) throw new TypeError('the stream is already split');
    this.splitDone = true;
    return [new ReadHalf(this, this.io), new WriteHalf(this, this.io)];
  }

  /** @internal */
  rejoin(): this {
    this.splitDone = false;
    return this;
  }

  /**
   * Closes the connection at once (unsent and unread bytes are dropped; pending calls reject with
   * `SocketClosedError`). Resolves once Node released the socket. Idempotent.
   */
  close(): Promise<void> {
    return this.io.close();
  }

  /** Closes the connection (see {@link TcpStream.close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.io.close();
  }
}

/** The read half of a split {@link TcpStream} (tokio's `OwnedReadHalf`). */
export class ReadHalf extends Reader {
  /** @internal */
  protected readonly io: SocketIo;
  /** @internal */
  readonly stream: TcpStream;
  /** @internal */
  constructor(stream: TcpStream, io: SocketIo) {
    super();
    this.stream = stream;
    this.io = io;
  }

  /** The stream both halves came from (tokio's `reunite`); throws a `TypeError` for another stream's half. */
  unsplit(write: WriteHalf): TcpStream {
    if (!(write instanceof WriteHalf) || write.stream !== this.stream) {
      throw new TypeError(`write must be the write half of the same stream, got ${describe(write)}`);
    }
    return this.stream.rejoin();
  }
}

/** The write half of a split {@link TcpStream} (tokio's `OwnedWriteHalf`). */
export class WriteHalf extends Writer implements AsyncDisposable {
  /** @internal */
  protected readonly io: SocketIo;
  /** @internal */
  readonly stream: TcpStream;
  /** @internal */
  constructor(stream: TcpStream, io: SocketIo) {
    super();
    this.stream = stream;
    this.io = io;
  }

  /** Shuts the writing side down, as dropping tokio's `OwnedWriteHalf` does. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.shutdown();
    } catch (e) {
      if (!SocketClosedError.is(e)) throw e;
    }
  }
}
