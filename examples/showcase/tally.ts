// What the simulated users count as they go: one tally shared by all of them (one thread: plain
// increments), read by the live progress line and, at the end, by the summary.

import { LatencyHistogram } from './latency';
import type { ErrorKind } from './protocol';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'rate_limited',
  'not_joined',
  'bad_frame',
  'too_long',
  'idle',
];

export class LoadTally {
  connectionsOpened = 0;
  connectionsClosed = 0;
  /** Users that could not connect at all: a load that did not happen is no success. */
  connectFailures = 0;
  joins = 0;
  leaves = 0;
  /** `say` frames written. */
  sent = 0;
  /** `msg` frames received, by all receivers (one `say` reaches every member of its room). */
  delivered = 0;
  /** `lagged` frames received, and the `missed` they add up to. */
  laggedNotices = 0;
  missed = 0;
  /** Clients that vanished on purpose, half a frame written. */
  vanished = 0;
  /** Connections the server closed although the client had not said `bye` nor vanished. */
  dropped = 0;
  /** `error` frames from the server, by kind. */
  readonly refused = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as Record<ErrorKind, number>;
  /** Failures on the client side, by kind (`connect`, `socket`, `protocol`, `drain timeout`…). */
  readonly errors: Record<string, number> = {};
  readonly latency = new LatencyHistogram();

  error(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  get connectionsOpen(): number {
    return this.connectionsOpened - this.connectionsClosed;
  }
}
