import type { Socket } from 'node:net';
import type { Clock } from '@async/core';

/**
 * Closes a connection that went a whole period without traffic, on a `Clock` (so a `TestClock`
 * drives it). `serve`'s `idleTimeout`.
 *
 * It samples instead of resetting a timer on every byte: once per period it compares the socket's
 * byte counters (read and written) with the previous reading, and calls `onIdle` when they did not
 * move. So the reads and writes pay nothing for it, and a connection is closed between one and two
 * periods after its last byte. A peer that stops reading while a write waits for the socket to
 * drain moves no counter either: it is idle too.
 */
export class IdleWatch {
  private seen: number;
  private timer: unknown;

  constructor(
    private readonly socket: Socket,
    private readonly period: number,
    private readonly clock: Clock,
    private readonly onIdle: () => void,
  ) {
    this.seen = traffic(socket);
    this.timer = clock.schedule(clock.now() + period, this.check);
  }

  private readonly check = (): void => {
    const now = traffic(this.socket);
    if (now === this.seen) {
      this.timer = undefined;
      this.onIdle();
      return;
    }
    this.seen = now;
    this.timer = this.clock.schedule(this.clock.now() + this.period, this.check);
  };

  /** Stops watching (the connection ended). Idempotent. */
  stop(): void {
    if (this.timer === undefined) return;
    this.clock.cancel(this.timer);
    this.timer = undefined;
  }
}

function traffic(socket: Socket): number {
  return socket.bytesRead + socket.bytesWritten;
}
