import { describe, expect, test } from 'vitest';
import { Progress } from '../progress';
import { LoadTally } from '../tally';

function setup(isTTY: boolean) {
  const written: string[] = [];
  const tally = new LoadTally();
  tally.connectionsOpened = 12;
  tally.connectionsClosed = 2;
  tally.laggedNotices = 3;
  const progress = new Progress({ write: (t: string) => written.push(t), isTTY }, tally, 20_000);
  return { written, tally, progress };
}

describe('Progress', () => {
  test('not a terminal: whole lines, one per show, with the connections and counts', () => {
    const { written, progress } = setup(false);
    progress.show();
    progress.show();
    progress.finish();
    expect(written).toHaveLength(2);
    for (const line of written) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line).not.toContain('\r');
      expect(line).toMatch(
        / s of 20 s · 10 connections · \d+ said\/s · \d+ delivered\/s · 3 lagged · 0 vanished\n$/,
      );
    }
  });

  test('a terminal: one line redrawn in place with a bar, ended by finish', () => {
    const { written, progress } = setup(true);
    progress.show();
    progress.show();
    expect(written.every((t) => t.startsWith('\r[') && t.endsWith('\x1b[K'))).toBe(true);
    expect(written.join('')).not.toContain('\n');
    progress.finish();
    expect(written.at(-1)).toBe('\n');
    progress.finish();
    expect(written.filter((t) => t === '\n')).toHaveLength(1);
  });

  test('rates are per second since the previous line', () => {
    const { progress, tally } = setup(false);
    progress.line();
    tally.sent += 1_000_000;
    // Whatever the elapsed time, a million messages in it is a rate above zero, and the next line,
    // with nothing new, is back to zero.
    expect(progress.line()).not.toMatch(/ 0 said\/s/);
    expect(progress.line()).toMatch(/ 0 said\/s/);
  });
});
