// The chat server: two listeners (binary frames and text lines) served by `serve` of @async/net,
// one session per connection (session.ts), rooms fanned out by broadcast channels (room.ts), a
// supervised statistics task (stats.ts), and a graceful shutdown: the clients are told, the rooms
// deliver what they hold, and connections still open after the grace period are closed.
import { CancellationToken, type Clock, getDefaultClock } from '@async/core';
import { serve, TcpListener, type TcpStream } from '@async/net';
import { binaryTransport } from './binary-mode';
import { Rooms } from './room';
import { runSession } from './session';
import { Counters, reportStats, type ServerStats } from './stats';
import { textTransport } from './text-mode';
import type { Transport } from './transport';

export type { ServerStats } from './stats';

/** Options of {@link startChatServer}. */
export interface ChatServerOptions {
  /** Binary listener. `'127.0.0.1:0'`: any free port. @defaultValue `'127.0.0.1:7878'` */
  addr?: string;
  /** Text listener; `null`: none. @defaultValue `'127.0.0.1:7879'` */
  textAddr?: string | null;
  /** Broadcast capacity per room (rounded up to a power of two). @defaultValue `256` */
  roomCapacity?: number;
  /** Frames queued per client for its writer. @defaultValue `64` */
  outboxCapacity?: number;
  /** Per-client token refill, in `say` frames per second. @defaultValue `50` */
  ratePerSecond?: number;
  /** Per-client bucket size: the largest burst of `say` frames. @defaultValue `20` */
  burst?: number;
  /** A client that sends no frame for this long gets an `idle` error and is closed. @defaultValue `30_000` */
  idleTimeoutMs?: number;
  /** How long connections get to finish after `shutdown()` starts. @defaultValue `2_000` */
  gracePeriodMs?: number;
  /** How often `onStats` is called. @defaultValue `1_000` */
  statsIntervalMs?: number;
  /** Called with the statistics every `statsIntervalMs`, the first time at once. */
  onStats?: (stats: ServerStats) => void;
  /** The clock of the idle timeout, the rate limiter, the statistics and the grace period. @defaultValue the default clock */
  clock?: Clock;
}

export interface ChatServer {
  /** The binary listener's address, `host:port`, as bound. */
  readonly addr: string;
  /** The text listener's address, or `null` without one. */
  readonly textAddr: string | null;
  /** The statistics now. */
  stats(): ServerStats;
  /**
   * Shuts down gracefully: no new connections, every client gets `shutdown`, the rooms deliver what
   * they hold, and connections still open after the grace period are closed. Resolves when every
   * connection and task has ended. Calling it again returns the same promise.
   */
  shutdown(): Promise<void>;
}

/**
 * Binds the listeners and starts serving; resolves once both are bound (rejects, binding nothing, if
 * either cannot be). Throws a `TypeError` or `RangeError` at the call for a bad option.
 */
export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const {
    addr = '127.0.0.1:7878',
    textAddr = '127.0.0.1:7879',
    roomCapacity = 256,
    outboxCapacity = 64,
    ratePerSecond = 50,
    burst = 20,
    idleTimeoutMs = 30_000,
    gracePeriodMs = 2_000,
    statsIntervalMs = 1_000,
    onStats,
    clock = getDefaultClock(),
  } = options;
  if (typeof addr !== 'string') throw new TypeError(`addr must be a string, got ${show(addr)}`);
  if (textAddr !== null && typeof textAddr !== 'string')
    throw new TypeError(`textAddr must be a string or null, got ${show(textAddr)}`);
  positiveInteger(roomCapacity, 'roomCapacity');
  positiveInteger(outboxCapacity, 'outboxCapacity');
  positive(ratePerSecond, 'ratePerSecond');
  positiveInteger(burst, 'burst');
  positive(idleTimeoutMs, 'idleTimeoutMs');
  positive(gracePeriodMs, 'gracePeriodMs', 0);
  positive(statsIntervalMs, 'statsIntervalMs');
  if (onStats !== undefined && typeof onStats !== 'function')
    throw new TypeError(`onStats must be a function, got ${show(onStats)}`);

  const binary = await TcpListener.bind(addr);
  let text: TcpListener | undefined;
  try {
    if (textAddr !== null) text = await TcpListener.bind(textAddr);
  } catch (e) {
    await binary.close();
    throw e;
  }

  const rooms = new Rooms(roomCapacity);
  const counters = new Counters();
  const draining = new CancellationToken();
  const stop = new AbortController();
  let ids = 0;
  const session =
    (open: (stream: TcpStream, id: number) => Transport | Promise<Transport>) =>
    async (stream: TcpStream, signal: AbortSignal): Promise<void> => {
      // Chat frames are small: each goes out at once, instead of waiting (Nagle's algorithm) until the
      // client acknowledged the last one, which a client may delay.
      stream.setNoDelay(true);
      const id = ++ids;
      counters.accepted++;
      counters.connections++;
      try {
        const transport = await open(stream, id);
        await runSession(
          transport,
          { id, rooms, counters, draining, clock, outboxCapacity, ratePerSecond, burst, idleTimeoutMs },
          signal,
        );
      } finally {
        counters.connections--;
      }
    };
  // serve's own idle timeout is the backstop for a client that neither reads nor writes while its
  // session waits on the socket (the session's timer covers a client that sends nothing).
  const serving = { signal: stop.signal, gracePeriod: gracePeriodMs, idleTimeout: idleTimeoutMs, clock };
  const servers = [serve(binary, session(binaryTransport), serving)];
  if (text !== undefined)
    servers.push(
      serve(
        text,
        session((stream, id) => textTransport(stream, `guest-${id}`)),
        serving,
      ),
    );
  const snapshot = () => counters.snapshot(rooms);
  const stats =
    onStats === undefined ? undefined : reportStats(snapshot, onStats, statsIntervalMs, clock, stop.signal);

  let stopped: Promise<void> | undefined;
  return {
    addr: format(binary),
    textAddr: text === undefined ? null : format(text),
    stats: snapshot,
    shutdown: () =>
      (stopped ??= (async () => {
        draining.cancel();
        rooms.close();
        stop.abort();
        await Promise.allSettled([...servers, stats]);
      })()),
  };
}

const format = (listener: TcpListener): string => {
  const { host, port, family } = listener.localAddr;
  return family === 'IPv6' ? `[${host}]:${port}` : `${host}:${port}`;
};

const show = (value: unknown): string =>
  `${typeof value === 'string' ? JSON.stringify(value) : String(value)} (${typeof value})`;

function positive(value: unknown, name: string, min = Number.MIN_VALUE): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${show(value)}`);
  if (!(value >= min) || !Number.isFinite(value))
    throw new RangeError(
      `${name} must be a ${min === 0 ? 'non-negative' : 'positive'} finite number, got ${show(value)}`,
    );
}

function positiveInteger(value: unknown, name: string): void {
  positive(value, name);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${show(value)}`);
}
