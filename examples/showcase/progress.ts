// Live progress while the load runs. On a terminal, one status line redrawn in place (a bar, elapsed
// time, messages/s, connections), cut to the terminal's width so that it never wraps; otherwise, as
// in CI logs or a pipe, a plain line every few seconds.
import { interval } from '@async/time';
import type { LoadTally } from './tally';

/** How often the status line is redrawn on a terminal, and a plain line printed otherwise. */
export const TTY_REFRESH_MS = 250;
export const PLAIN_EVERY_MS = 5000;
/** Rates are taken over at least this long, so that a redraw every 250 ms does not flicker. */
const RATE_WINDOW_MS = 1000;
const BAR_WIDTH = 10;

/** Where progress goes: the text, whether it is a terminal and how wide (`process.stdout` fits). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export class Progress {
  private readonly started: number;
  /** Counts at the start of the current rate window. */
  private window: { at: number; sent: number; delivered: number };
  private drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly tally: LoadTally,
    private readonly durationMs: number,
    /** The clock, in ms (a test gives its own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.window = { at: this.started, sent: 0, delivered: 0 };
  }

  get tty(): boolean {
    return this.output.isTTY === true;
  }

  /** Redraws (terminal) or prints (otherwise) the current status until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const ticks = interval(this.tty ? TTY_REFRESH_MS : PLAIN_EVERY_MS, { signal, missedTick: 'skip' });
    try {
      await ticks.tick(); // the first tick is at once: nothing to say yet
      for await (const _ of ticks) this.show();
    } catch {
      // the signal aborted: the load is over
    }
  }

  /** The current status: elapsed time, open connections, rates over the last second or more. */
  line(): string {
    const { tally, window } = this;
    const at = this.now();
    const seconds = Math.max(at - window.at, 1) / 1000;
    const said = (tally.sent - window.sent) / seconds;
    const delivered = (tally.delivered - window.delivered) / seconds;
    if (at - window.at >= RATE_WINDOW_MS) this.window = { at, sent: tally.sent, delivered: tally.delivered };
    const done = Math.min(1, (at - this.started) / this.durationMs);
    const bar = this.tty ? `[${'#'.repeat(Math.round(done * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ` : '';
    return (
      `${bar}${((at - this.started) / 1000).toFixed(1)}/${(this.durationMs / 1000).toFixed(0)} s · ` +
      `${count(tally.connectionsOpen)} connections · ${count(said)} said/s · ${count(delivered)} delivered/s · ` +
      `${count(tally.laggedNotices)} lagged`
    );
  }

  show(): void {
    if (this.tty) {
      const width = (this.output.columns ?? 80) - 1;
      this.output.write(`\r${this.line().slice(0, width)}\x1b[K`);
      this.drawn = true;
    } else {
      this.output.write(`${this.line()}\n`);
    }
  }

  /** Ends the status line on a terminal, so that what follows starts on a line of its own. */
  finish(): void {
    if (this.drawn) this.output.write('\n');
    this.drawn = false;
  }
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
