// Live progress while the load runs. On a terminal, one status line redrawn in place (a bar, elapsed
// time, messages/s, connections); otherwise, as in CI logs or a pipe, a plain line every few seconds.
import { interval } from '@async/time';
import type { LoadTally } from './tally';

/** How often the status line is redrawn on a terminal, and a plain line printed otherwise. */
export const TTY_REFRESH_MS = 250;
export const PLAIN_EVERY_MS = 5000;
const BAR_WIDTH = 20;

/** Where progress goes: the text and whether it is a terminal (`process.stdout` fits). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export class Progress {
  private readonly started = performance.now();
  private last = { at: this.started, sent: 0, delivered: 0 };
  private drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly tally: LoadTally,
    private readonly durationMs: number,
  ) {}

  get tty(): boolean {
    return this.output.isTTY === true;
  }

  /** Redraws (terminal) or prints (otherwise) the current status until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const ticks = interval(this.tty ? TTY_REFRESH_MS : PLAIN_EVERY_MS, { signal, missedTick: 'skip' });
    await ticks.tick().catch(() => undefined); // the first tick is now: nothing to say yet
    try {
      for await (const _ of ticks) this.show();
    } catch {
      // the signal aborted: the load is over
    }
  }

  /** The current status line, with rates since the previous one. */
  line(): string {
    const { tally } = this;
    const at = performance.now();
    const seconds = (at - this.last.at) / 1000;
    const said = (tally.sent - this.last.sent) / seconds;
    const delivered = (tally.delivered - this.last.delivered) / seconds;
    this.last = { at, sent: tally.sent, delivered: tally.delivered };
    const elapsed = (at - this.started) / 1000;
    const done = Math.min(1, (at - this.started) / this.durationMs);
    const bar = this.tty ? `[${'#'.repeat(Math.round(done * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ` : '';
    return (
      `${bar}${elapsed.toFixed(1)} s of ${(this.durationMs / 1000).toFixed(0)} s · ` +
      `${tally.connectionsOpen} connections · ${count(said)} said/s · ${count(delivered)} delivered/s · ` +
      `${count(tally.laggedNotices)} lagged · ${count(tally.vanished)} vanished`
    );
  }

  show(): void {
    if (this.tty) {
      this.output.write(`\r${this.line()}\x1b[K`);
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
