import { createServer, type Server, type Socket } from 'node:net';
import type { Selectable } from '@async/core';
import {
  ArrayQueue,
  dequeue,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  WaitQueue,
  Wakers,
  watchAbort,
} from '@async/core/protocol';
import { fromNodeError, SocketClosedError } from './errors';
import { formatAddr, parseAddr, type SocketAddr, type ToSocketAddr, toSocketAddr } from './socket-addr';
import type { IoOptions } from './socket-io';
import { TcpStream } from './tcp-stream';
import { checkInteger, checkOptions, checkSignal } from './validate';

/** Options of {@link TcpListener.bind}. */
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

const BIND_OPTIONS = ['backlog', 'signal'] as const;

class AcceptOp extends Waiter {
  constructor(
    readonly resolve: (s: TcpStream) => void,
    readonly reject: (e: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    dequeue(this);
    this.reject(reason);
  }
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
export class TcpListener implements Selectable<TcpStream>, AsyncIterableIterator<TcpStream>, AsyncDisposable {
  /** The address it listens on (with the port the system chose for port 0). */
  readonly localAddr: SocketAddr;
  private readonly server: Server;
  private readonly backlog: number;
  private readonly queue = new ArrayQueue<Socket>();
  private readonly waiters = new WaitQueue<AcceptOp>();
  private readonly wakers = new Wakers();
  private closed: Promise<void> | undefined = undefined;
  /** Connections closed at once because `backlog` connections were already waiting. */
  refused = 0;

  private constructor(server: Server, backlog: number) {
    this.server = server;
    this.backlog = backlog;
    const a = server.address();
    if (a === null || typeof a === 'string') throw new TypeError('not a TCP server');
    this.localAddr = toSocketAddr(a.address, a.port, a.family);
    server.on('connection', (socket: Socket) => this.onConnection(socket));
  }

  /**
   * Binds to `addr` and listens. Resolves once listening; rejects with `AddressInUseError` (naming
   * the address), another `NetError`, or `signal.reason`.
   */
  static bind(addr: ToSocketAddr, options?: BindOptions): Promise<TcpListener> {
    const { host, port } = parseAddr(addr, 'addr');
    checkOptions(options, 'bind options', BIND_OPTIONS);
    const { backlog = 511, signal } = options ?? {};
    checkInteger(backlog, 'backlog', 1);
    if (signal !== undefined) checkSignal(signal, 'signal');
    if (signal?.aborted) return Promise.reject(signal.reason);
    const address = formatAddr(host ?? '0.0.0.0', port);
    return new Promise<TcpListener>((resolve, reject) => {
      const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
      const finish = (error: unknown, failed: boolean): void => {
        server.off('listening', onListening).off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        if (!failed) {
          resolve(new TcpListener(server, backlog));
          return;
        }
        server.close();
        reject(error);
      };
      const onListening = (): void => finish(undefined, false);
      const onError = (e: unknown): void => finish(fromNodeError(e, address), true);
      const onAbort = (): void => finish(signal!.reason, true);
      server.once('listening', onListening).once('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      server.listen({ host, port, backlog });
    });
  }

  private onConnection(socket: Socket): void {
    const op = this.waiters.shift();
    if (op !== undefined) {
      unwatchAbort(op);
      op.resolve(new TcpStream(socket));
      return;
    }
    if (this.queue.length >= this.backlog) {
      this.refused++;
      socket.destroy();
      return;
    }
    // A queued connection the peer resets must not crash the process: the stream, once accepted,
    // sees it closed.
    socket.on('error', ignore);
    this.queue.push(socket);
    this.wakers.wakeAll();
  }

  /** The next queued connection whose socket is still open, wrapped. */
  private takeQueued(): TcpStream | undefined {
    for (let socket = this.queue.shift(); socket !== undefined; socket = this.queue.shift()) {
      socket.off('error', ignore);
      if (!socket.destroyed) return new TcpStream(socket);
    }
    return undefined;
  }

  private closedError(): SocketClosedError {
    return new SocketClosedError(
      'the listener is closed',
      formatAddr(this.localAddr.host, this.localAddr.port),
    );
  }

  /**
   * The next connection. Rejects with `SocketClosedError` once the listener is closed, or with
   * `signal.reason`.
   *
   * **Cancel safety.** Cancel safe, as tokio's `accept`: an aborted call accepted nothing (a
   * connection that arrives later waits for the next call).
   */
  accept(options?: IoOptions): Promise<TcpStream> {
    checkOptions(options, 'accept options', ['signal']);
    const signal = options?.signal;
    if (signal !== undefined) checkSignal(signal, 'signal');
    const ready = this.takeQueued();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed !== undefined) return Promise.reject(this.closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<TcpStream>((resolve, reject) => {
      const op = new AcceptOp(resolve, reject);
      this.waiters.push(op);
      if (signal !== undefined) watchAbort(op, signal);
    });
  }

  /** The select protocol: takes a queued connection if there is one. @hidden */
  [selectTry](): { value: TcpStream } | undefined {
    const ready = this.takeQueued();
    if (ready !== undefined) return { value: ready };
    if (this.closed !== undefined) throw this.closedError();
    return undefined;
  }

  /** The select protocol: wakes when a connection is queued or the listener closes. @hidden */
  [selectWait](wake: () => void): () => void {
    return this.wakers.add(wake);
  }

  /** Accepts the next connection, or ends once the listener is closed. */
  next(): Promise<IteratorResult<TcpStream>> {
    return this.accept().then(
      (value) => ({ value, done: false }),
      (e: unknown) => {
        if (this.closed !== undefined && SocketClosedError.is(e)) return { value: undefined, done: true };
        throw e;
      },
    );
  }

  /** Ends a `for await` loop and closes the listener. */
  async return(): Promise<IteratorResult<TcpStream>> {
    await this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Stops listening: waiting `accept` calls reject with `SocketClosedError`, connections not yet
   * accepted are closed. Connections already accepted stay open (they are yours). Resolves once the
   * port is released. Idempotent.
   */
  close(): Promise<void> {
    if (this.closed === undefined) {
      this.server.close();
      this.closed = new Promise<void>((resolve) => setImmediate(resolve));
      for (let s = this.queue.shift(); s !== undefined; s = this.queue.shift()) s.destroy();
      const error = this.closedError();
      for (let op = this.waiters.shift(); op !== undefined; op = this.waiters.shift()) {
        unwatchAbort(op);
        op.reject(error);
      }
      this.wakers.wakeAll();
    }
    return this.closed;
  }

  /** Closes the listener (see {@link TcpListener.close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function ignore(): void {}
