import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_FLAGS, type LoadFlags } from '../flags';
import { main, runLoad } from '../load';
import { ERROR_KINDS } from '../tally';

// A short real load over loopback: a few seconds of sockets, bounded by the load's own limits (each
// user drains and closes within fixed times, and the load aborts any user left after them).
describe('a short load against the in-process server', () => {
  const flags: LoadFlags = {
    ...DEFAULT_FLAGS,
    users: 40,
    rooms: 3,
    rate: 4,
    duration: 3,
    slow: 0.1,
    vanish: 0.1,
    seed: 7,
  };

  test('every invariant holds, and the summary is complete and consistent', async () => {
    const progress: string[] = [];
    const summary = await runLoad(flags, {
      progress: { write: (text: string) => progress.push(text), isTTY: false },
      // A strict rate limit, so that the flooder's burst is refused whatever the server's defaults.
      server: { ratePerSecond: 10, burst: 10 },
    });

    expect(summary.invariants.map((i) => [i.invariant, i.held, i.examples])).toEqual([
      ['delivery', true, []],
      ['order', true, []],
      ['closed', true, []],
    ]);
    expect(summary.ok).toBe(true);

    // Shape: every figure present.
    expect(Object.keys(summary).sort()).toEqual(
      [
        'users',
        'rooms',
        'loadSeconds',
        'totalSeconds',
        'sent',
        'sentPerSecond',
        'delivered',
        'deliveredPerSecond',
        'latency',
        'joins',
        'leaves',
        'laggedNotices',
        'missed',
        'vanished',
        'dropped',
        'refused',
        'errors',
        'connections',
        'invariants',
        'ok',
      ].sort(),
    );
    expect(Object.keys(summary.refused).sort()).toEqual([...ERROR_KINDS].sort());
    expect(summary.errors).toEqual({});

    // Percentiles ordered, within the samples.
    const { p50, p99, p999, max, samples } = summary.latency;
    expect(samples).toBeGreaterThan(0);
    expect(samples).toBeLessThanOrEqual(summary.delivered);
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p50!).toBeLessThanOrEqual(p99!);
    expect(p99!).toBeLessThanOrEqual(p999!);
    expect(p999!).toBeLessThanOrEqual(max!);

    // Counts consistent with the workload: 4 slow, 4 vanishing, 1 flooder (2 % of 40, rounded).
    expect(summary.connections).toEqual({ failed: 0, opened: 40, closed: 40, serverOpenAfterShutdown: 0 });
    expect(summary.vanished).toBe(4);
    expect(summary.dropped).toBe(0);
    expect(summary.joins).toBeGreaterThanOrEqual(40);
    expect(summary.refused.too_long).toBe(1);
    expect(summary.refused.not_joined).toBe(1);
    expect(summary.refused.rate_limited).toBeGreaterThan(0);
    expect(summary.refused.idle).toBe(0);
    expect(summary.refused.bad_frame).toBe(0);
    const refused = Object.values(summary.refused).reduce((a, b) => a + b, 0);
    // Every accepted say reaches at least its sender, unless the sender lagged or vanished with it.
    expect(summary.delivered).toBeGreaterThanOrEqual(
      summary.sent - refused - summary.missed - summary.vanished,
    );
    // Each delivery was checked for loss and order.
    const delivery = summary.invariants.find((i) => i.invariant === 'delivery')!;
    expect(delivery.checked).toBe(summary.delivered);
    expect(summary.sentPerSecond).toBeCloseTo(summary.sent / summary.loadSeconds, 9);
    expect(summary.deliveredPerSecond).toBeLessThanOrEqual(summary.delivered / summary.loadSeconds);
    expect(summary.totalSeconds).toBeGreaterThanOrEqual(summary.loadSeconds);
    // Not a terminal: no status line redrawn in place.
    expect(progress.join('')).not.toContain('\r');
  });
});

describe('main', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('a bad flag: exit code 2, the error naming the flag, then the usage', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
    const out: string[] = [];
    expect(await main(['--users', 'many'], undefined, (l) => out.push(l))).toBe(2);
    expect(errors.join('\n')).toContain('showcase: --users must be an integer from 1 to 100000, got "many"');
    expect(errors.join('\n')).toContain('usage: npm run showcase');
    expect(out).toEqual([]);
  });

  test('--help: the usage and exit code 0, no load', async () => {
    const out: string[] = [];
    expect(await main(['--help'], undefined, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toMatch(
      /--users N[\s\S]*--rooms N[\s\S]*--rate R[\s\S]*--duration S[\s\S]*--addr/,
    );
  });
});
