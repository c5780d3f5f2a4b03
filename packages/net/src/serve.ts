import { type Clock, getDefaultClock, JoinSet } from '@async/core';
import { checkClock, checkNumber, checkOptions, checkSignal, describe } from '@async/core/protocol';
import { sleep } from '@async/time';
import { SocketClosedError } from './errors';
import { IdleWatch } from './idle-watch';
import type { SocketListener } from './socket-listener';
import type { SocketStream } from './socket-stream';
import type { TcpStream } from './tcp-stream';

/**
 * What {@link serve} runs for each connection; `signal` aborts when the server gives up on it. A
 * handler that declares no `signal` parameter gets none (making an `AbortSignal` per connection costs
 * several microseconds): the server still closes its stream when it gives up on it, as it does for
 * every handler.
 */
export type ConnectionHandler<S extends SocketStream = TcpStream> = (
  stream: S,
  signal: AbortSignal,
) => Promise<void> | void;

/** Options of {@link serve}. */
export interface ServeOptions {
  /**
   * At most this many connections are handled at once; further connections wait, unread, in the
   * listener's queue (bounded by its `backlog`, beyond which they are refused).
   * @defaultValue `Infinity`
   */
  readonly maxConnections?: number;
  /**
   * A connection that went this many milliseconds (on `clock`) without a byte read from or written
   * to its socket is closed, and counted as aborted. Checked once per period, so an idle connection
   * is closed between one and two periods after its last byte; a peer that stops reading while the
   * handler waits to write is idle too.
   * @defaultValue none: connections may stay idle for ever
   */
  readonly idleTimeout?: number;
  /**
   * After `signal` aborts: milliseconds (on `clock`) that connections in flight get to finish
   * before they are aborted.
   * @defaultValue `30_000`
   */
  readonly gracePeriod?: number;
  /** Aborting it starts the graceful shutdown: stop accepting, let connections finish, then abort them. */
  readonly signal?: AbortSignal;
  /**
   * The clock `idleTimeout` and `gracePeriod` run on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read at the call
   */
  readonly clock?: Clock;
}

/** What {@link serve} resolves with. */
export interface ServeStats {
  /** Connections accepted. */
  accepted: number;
  /** Connections whose handler returned. */
  completed: number;
  /** Connections closed by the server: idle, or still running at the end of the grace period. */
  aborted: number;
  /** Connections whose handler threw on its own. */
  failed: number;
}

const SERVE_OPTIONS = ['maxConnections', 'idleTimeout', 'gracePeriod', 'signal', 'clock'] as const;

/**
 * Accepts connections from `listener` (a `TcpListener` or a `UnixListener`) and runs `handler` for each in its own task (a core `JoinSet`),
 * until `signal` aborts or the listener closes. Then it shuts down gracefully: it closes the listener
 * (new connections are refused), lets the connections in flight finish within `gracePeriod`, aborts the
 * rest (their signal aborts and their stream closes) and resolves with the counts. Every connection
 * accepted is counted once, in `completed`, `aborted` or `failed`; its stream is closed when its
 * handler returns.
 *
 * Beyond `maxConnections`, a connection waits unread in the listener's queue until a running one
 * finishes (tokio's pattern of a semaphore around `accept`); beyond the listener's `backlog` it is
 * refused.
 *
 * @example
 * ```ts
 * import { serve, TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * const listener = await TcpListener.bind('127.0.0.1:0');
 * const stop = new AbortController();
 * const server = serve(listener, async (stream) => {
 *   await stream.writeAll(await stream.readToEnd({ maxBytes: 1024 })); // echo, then return
 * }, { signal: stop.signal, gracePeriod: 1000 });
 *
 * await using client = await TcpStream.connect(listener.localAddr);
 * await client.writeAll(new TextEncoder().encode('hi'));
 * await client.shutdown();
 * assert.equal(new TextDecoder().decode(await client.readToEnd()), 'hi');
 * stop.abort();
 * assert.deepEqual(await server, { accepted: 1, completed: 1, aborted: 0, failed: 0 });
 * ```
 */
export function serve<S extends SocketStream>(
  listener: SocketListener<S>,
  handler: ConnectionHandler<S>,
  options?: ServeOptions,
): Promise<ServeStats> {
  if (typeof handler !== 'function')
    throw new TypeError(`handler must be a function, got ${describe(handler)}`);
  checkOptions(options, 'serve options', SERVE_OPTIONS);
  const {
    maxConnections = Number.POSITIVE_INFINITY,
    idleTimeout,
    gracePeriod = 30_000,
    signal,
    clock = getDefaultClock(),
  } = options ?? {};
  checkNumber(maxConnections, 'maxConnections', 1);
  if (idleTimeout !== undefined) checkNumber(idleTimeout, 'idleTimeout', 1);
  checkNumber(gracePeriod, 'gracePeriod', 0);
  if (signal !== undefined) checkSignal(signal, 'signal');
  checkClock(clock, 'clock');
  return serving(listener, handler, { maxConnections, idleTimeout, gracePeriod, signal, clock });
}

interface Settings {
  readonly maxConnections: number;
  readonly idleTimeout: number | undefined;
  readonly gracePeriod: number;
  readonly signal: AbortSignal | undefined;
  readonly clock: Clock;
}

async function serving<S extends SocketStream>(
  listener: SocketListener<S>,
  handler: ConnectionHandler<S>,
  { maxConnections, idleTimeout, gracePeriod, signal, clock }: Settings,
): Promise<ServeStats> {
  const stats: ServeStats = { accepted: 0, completed: 0, aborted: 0, failed: 0 };
  const tasks = new JoinSet<void>();
  /** How the server closes the connections whose handler takes no signal (the others' signals abort). */
  const closers = new Set<() => void>();
  const abortAll = (): void => {
    tasks.abortAll();
    for (const close of closers) close();
  };
  const run = async (stream: S, taskSignal?: AbortSignal): Promise<void> => {
    let closedByServer = false;
    const close = (): void => {
      closedByServer = true;
      void stream.close();
    };
    if (taskSignal === undefined) closers.add(close);
    else taskSignal.addEventListener('abort', close, { once: true });
    const idle =
      idleTimeout === undefined ? undefined : new IdleWatch(stream.socket, idleTimeout, clock, close);
    try {
      await (taskSignal === undefined ? (handler as (s: S) => unknown)(stream) : handler(stream, taskSignal));
      stats.completed++;
    } catch {
      if (closedByServer || taskSignal?.aborted) stats.aborted++;
      else stats.failed++;
    } finally {
      if (taskSignal === undefined) closers.delete(close);
      else taskSignal.removeEventListener('abort', close);
      idle?.stop();
      await stream.close();
    }
  };
  const takesSignal = handler.length >= 2;

  try {
    for (;;) {
      while (tasks.size >= maxConnections) await tasks.joinNext({ signal });
      const stream = await listener.accept({ signal });
      stats.accepted++;
      tasks.spawn(takesSignal ? (taskSignal) => run(stream, taskSignal) : () => run(stream));
      while (tasks.tryJoinNext() !== undefined) {}
    }
  } catch (e) {
    if (!(signal?.aborted || SocketClosedError.is(e))) {
      abortAll();
      await drain(tasks);
      throw e;
    }
  }
  await listener.close();
  if (tasks.size > 0) {
    const grace = new AbortController();
    const timer = sleep(gracePeriod, { clock });
    void timer.then(
      () => grace.abort(),
      () => {},
    );
    try {
      while (
        (await tasks.joinNext({ signal: grace.signal }).then(
          () => true,
          () => false,
        )) &&
        tasks.size > 0
      ) {}
    } finally {
      timer[Symbol.dispose]();
    }
    abortAll();
  }
  await drain(tasks);
  return stats;
}

/** Waits for every task; their bodies count their own outcome and never throw. */
async function drain(tasks: JoinSet<void>): Promise<void> {
  while (tasks.size > 0) await tasks.joinNext().catch(() => {});
}
