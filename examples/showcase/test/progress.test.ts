import { describe, expect, test } from 'vitest';
import { Progress } from '../progress';
import { LoadTally } from '../tally';

function setup(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  const tally = new LoadTally();
  tally.connectionsOpened = 12;
  tally.connectionsClosed = 2;
  tally.laggedNotices = 3;
  let now = 0;
  const progress = new Progress(
    { write: (t: string) => written.push(t), isTTY, columns },
    tally,
    20_000,
    () => now,
  );
  return { written, tally, progress, advance: (ms: number) => (now += ms) };
}

describe('Progress', () => {
  test('not a terminal: whole lines, one per show, with elapsed time, connections and counts', () => {
    const { written, progress, advance } = setup(false);
    advance(5000);
    progress.show();
    progress.finish();
    expect(written).toEqual(['5.0/20 s · 10 connections · 0 said/s · 0 delivered/s · 3 lagged\n']);
  });

  test('a terminal: one line redrawn in place with a bar, cut to the width, ended by finish', () => {
    const { written, progress, advance } = setup(true, 40);
    advance(10_000);
    progress.show();
    progress.show();
    expect(written).toEqual([
      '\r[#####.....] 10.0/20 s · 10 connections\x1b[K',
      '\r[#####.....] 10.0/20 s · 10 connections\x1b[K',
    ]);
    progress.finish();
    expect(written.at(-1)).toBe('\n');
    progress.finish();
    expect(written.filter((t) => t === '\n')).toHaveLength(1);
  });

  test('rates are per second over a window of at least one second', () => {
    const { progress, tally, advance } = setup(false);
    tally.sent = 300;
    tally.delivered = 9000;
    advance(500);
    expect(progress.line()).toContain(' 600 said/s · 18,000 delivered/s ');
    advance(500);
    expect(progress.line()).toContain(' 300 said/s · 9,000 delivered/s '); // a full second: a new window
    tally.sent += 50;
    advance(250);
    expect(progress.line()).toContain(' 200 said/s · 0 delivered/s ');
  });
});
