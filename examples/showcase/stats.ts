// The server's counters, and the background task that reports them once per interval: a stream
// pipeline (`fromInterval` → `map` to a snapshot → `forEach` the callback) under a supervisor, so
// that a report callback that throws restarts the reporting instead of ending it.
import type { Clock } from '@async/core';
import { type Supervisor, supervise } from '@async/resilience';
import { forEach, fromInterval, map, pipe } from '@async/stream';
import type { ErrorKind, ServerFrame } from './protocol';
import type { Rooms } from './room';

/** What the server has done so far: a snapshot, taken by `ChatServer.stats()` and once per interval. */
export interface ServerStats {
  /** Connections open now (both ports). */
  connections: number;
  /** Connections accepted since the start. */
  accepted: number;
  /** The rooms that have members now; `messages` counts what was said in the room since it was made. */
  rooms: { name: string; members: number; messages: number }[];
  /** `msg` frames handed to sockets. */
  delivered: number;
  /** `lagged` notices handed to sockets. */
  lagged: number;
  /** The sum of their `missed`. */
  missed: number;
  /** Refused frames, by the kind of the error sent for them. */
  refused: Record<ErrorKind, number>;
}

/** The running counts behind {@link ServerStats}; the sessions and the writers update them. */
export class Counters {
  connections = 0;
  accepted = 0;
  delivered = 0;
  lagged = 0;
  missed = 0;
  readonly refused: Record<ErrorKind, number> = {
    rate_limited: 0,
    not_joined: 0,
    bad_frame: 0,
    too_long: 0,
    idle: 0,
  };

  /** Counts a frame a writer handed to its socket. */
  written(frame: ServerFrame): void {
    if (frame.t === 'msg') this.delivered++;
    else if (frame.t === 'lagged') {
      this.lagged++;
      this.missed += frame.missed;
    }
  }

  snapshot(rooms: Rooms): ServerStats {
    const list: ServerStats['rooms'] = [];
    for (const room of rooms.list())
      list.push({ name: room.name, members: room.members, messages: room.messages });
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      connections: this.connections,
      accepted: this.accepted,
      rooms: list,
      delivered: this.delivered,
      lagged: this.lagged,
      missed: this.missed,
      refused: { ...this.refused },
    };
  }
}

/**
 * Calls `report` with `snapshot()` every `intervalMs` on `clock`, the first time at once, until
 * `signal` aborts. A `report` that throws is restarted after a short backoff, at most 5 times a minute.
 */
export function reportStats(
  snapshot: () => ServerStats,
  report: (stats: ServerStats) => void,
  intervalMs: number,
  clock: Clock,
  signal: AbortSignal,
): Supervisor<void> {
  return supervise(
    ({ signal }) =>
      pipe(
        fromInterval(intervalMs, { clock, missedTick: 'skip' }),
        map(snapshot),
        forEach(report, { signal }),
      ),
    { signal, clock, maxRestarts: 5, within: 60_000, backoff: [100, 200, 400, 800, 1600] },
  );
}

/**
 * One line for a terminal: connections, and per room its members and messages per second since the
 * previous snapshot, taken `elapsedMs` earlier.
 */
export function statsLine(previous: ServerStats | undefined, now: ServerStats, elapsedMs: number): string {
  const before = new Map(previous?.rooms.map((r) => [r.name, r.messages]));
  const rate = (name: string, messages: number) =>
    Math.round(((messages - (before.get(name) ?? 0)) * 1000) / Math.max(elapsedMs, 1));
  const rooms = now.rooms
    .map(
      (r) =>
        `${r.name}: ${r.members} ${r.members === 1 ? 'member' : 'members'}, ${rate(r.name, r.messages)} msg/s`,
    )
    .join(', ');
  const refused = Object.entries(now.refused)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return (
    `${now.connections} connections (${now.accepted} accepted), ${now.delivered} delivered, ` +
    `${now.lagged} lagged (${now.missed} missed)` +
    (refused === '' ? '' : `, refused: ${refused}`) +
    (rooms === '' ? '' : ` | ${rooms}`)
  );
}
