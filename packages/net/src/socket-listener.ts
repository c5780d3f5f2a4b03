import type { Server, Socket } from 'node:net';
import type { Selectable } from '@async/core';
import {
  ArrayQueue,
  checkInteger,
  checkOptions,
  checkSignal,
  dequeue,
  implementSelectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  WaitQueue,
  Wakers,
  watchAbort,
} from '@async/core/protocol';
import { fromNodeError, SocketClosedError } from './errors';
import type { IoOptions } from './socket-io';

class AcceptOp extends Waiter {
  constructor(
    readonly resolve: (s: never) => void,
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
 * What {@link TcpListener} and {@link UnixListener} share: a bounded queue of connections Node accepted,
 * `accept`, the select protocol, async iteration and closing.
 */
export abstract class SocketListener<S> implements Selectable<S>, AsyncIterableIterator<S>, AsyncDisposable {
  private readonly server: Server;
  private readonly backlog: number;
  private readonly queue = new ArrayQueue<Socket>();
  private readonly waiters = new WaitQueue<AcceptOp>();
  private readonly wakers = new Wakers();
  private closed: Promise<void> | undefined = undefined;
  /** Connections closed at once because `backlog` connections were already waiting. */
  refused = 0;

  /** @internal */
  constructor(server: Server, backlog: number, connectionEvent = 'connection') {
    this.server = server;
    this.backlog = backlog;
    server.on(connectionEvent, (socket: Socket) => this.onConnection(socket));
  }

  /** @internal Wraps an accepted socket. */
  protected abstract wrap(socket: Socket): S;

  /** @internal The address for messages. */
  protected abstract get addressName(): string;

  private onConnection(socket: Socket): void {
    const op = this.waiters.shift();
    if (op !== undefined) {
      unwatchAbort(op);
      op.resolve(this.wrap(socket) as never);
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
  private takeQueued(): S | undefined {
    for (let socket = this.queue.shift(); socket !== undefined; socket = this.queue.shift()) {
      socket.off('error', ignore);
      if (!socket.destroyed) return this.wrap(socket);
    }
    return undefined;
  }

  private closedError(): SocketClosedError {
    return new SocketClosedError('the listener is closed', this.addressName);
  }

  /**
   * The next connection. Rejects with `SocketClosedError` once the listener is closed, or with
   * `signal.reason`.
   *
   * **Cancel safety.** Cancel safe, as tokio's `accept`: an aborted call accepted nothing (a
   * connection that arrives later waits for the next call).
   */
  accept(options?: IoOptions): Promise<S> {
    checkOptions(options, 'accept options', ['signal']);
    const signal = options?.signal;
    if (signal !== undefined) checkSignal(signal, 'signal');
    const ready = this.takeQueued();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed !== undefined) return Promise.reject(this.closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<S>((resolve, reject) => {
      const op = new AcceptOp(resolve as (s: never) => void, reject);
      this.waiters.push(op);
      if (signal !== undefined) watchAbort(op, signal);
    });
  }

  /** The select protocol: takes a queued connection if there is one. @hidden */
  declare [selectTry]: () => { value: S } | undefined;
  /** The select protocol: wakes when a connection is queued or the listener closes. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      const ready = this.takeQueued();
      if (ready !== undefined) return { value: ready };
      if (this.closed !== undefined) throw this.closedError();
      return undefined;
    },
    wait(wake) {
      return this.wakers.add(wake);
    },
  });

  /** Accepts the next connection, or ends once the listener is closed. */
  next(): Promise<IteratorResult<S>> {
    return this.accept().then(
      (value) => ({ value, done: false }),
      (e: unknown) => {
        if (this.closed !== undefined && SocketClosedError.is(e)) return { value: undefined, done: true };
        throw e;
      },
    );
  }

  /** Ends a `for await` loop and closes the listener. */
  async return(): Promise<IteratorResult<S>> {
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

  /** Closes the listener (see {@link SocketListener.close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Listens with `server` per `options`; resolves once listening, rejects with the mapped error (naming
 * `address`) or `signal.reason`, closing the server.
 */
export function listen(
  server: Server,
  options: { host?: string; port?: number; path?: string; backlog: number },
  address: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const finish = (error: unknown, failed: boolean): void => {
      server.off('listening', onListening).off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (!failed) {
        resolve();
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
    server.listen(options);
  });
}

/** Checks the options of a `bind`: the backlog and the signal. */
export function checkBind(options: unknown): { backlog: number; signal: AbortSignal | undefined } {
  checkOptions(options, 'bind options', ['backlog', 'signal']);
  const { backlog = 511, signal } = (options ?? {}) as { backlog?: number; signal?: AbortSignal };
  checkInteger(backlog, 'backlog', 1);
  if (signal !== undefined) checkSignal(signal, 'signal');
  return { backlog, signal };
}

function ignore(): void {}
