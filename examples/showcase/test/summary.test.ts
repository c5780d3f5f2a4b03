import { describe, expect, test } from 'vitest';
import { InvariantLog } from '../invariants';
import { formatSummary, summarize, summaryMarkdown } from '../summary';
import { LoadTally } from '../tally';

function sample(log = new InvariantLog()) {
  const tally = new LoadTally();
  tally.connectionsOpened = tally.connectionsClosed = 300;
  tally.sent = 6000;
  tally.delivered = 270_000;
  for (const ms of [1, 2, 3, 40]) tally.latency.record(ms);
  tally.refused.rate_limited = 240;
  tally.error('drain timeout');
  return summarize(tally, log.results(), {
    users: 300,
    rooms: 10,
    loadSeconds: 20,
    deliveredInLoad: 260_000,
    totalSeconds: 21.5,
    serverOpenAfterShutdown: 0,
  });
}

describe('the summary', () => {
  test('rates per second of load (deliveries of the drain after it not in the rate); percentiles', () => {
    const s = sample();
    expect(s.sentPerSecond).toBe(300);
    expect(s.delivered).toBe(270_000);
    expect(s.deliveredPerSecond).toBe(13_000);
    expect(s.latency).toMatchObject({ samples: 4, p50: expect.closeTo(2, 1), max: 40 });
    expect(s.ok).toBe(true);
  });

  test('printed as a table, then each invariant, then the verdict', () => {
    const lines = formatSummary(sample());
    expect(lines[0]).toBe('summary');
    expect(lines).toContain('  messages delivered           270,000 (13,000/s during the load)');
    expect(lines).toContain('  refused by the server        rate_limited 240');
    expect(lines).toContain('  client errors                drain timeout 1');
    expect(lines).toContain('  connections opened / closed  300 / 300 (server: 0 open after shutdown)');
    expect(lines.some((l) => l.startsWith('  latency p50 / p99 / p999    '))).toBe(true);
    expect(lines.slice(-4)).toEqual([
      '  ✓ no message lost to a client that was not lagging',
      '  ✓ per-room order kept',
      '  ✓ every connection closed at the end',
      'every invariant held',
    ]);
  });

  test('a failed invariant: its violations and first examples, and the verdict says so', () => {
    const log = new InvariantLog();
    log.checked('order', 10);
    log.violate('order', 'me got n=2 of r after n=3');
    const s = sample(log);
    expect(s.ok).toBe(false);
    const lines = formatSummary(s);
    expect(lines).toContain('  ✗ per-room order kept: 1 violation(s)');
    expect(lines).toContain('      me got n=2 of r after n=3');
    expect(lines.at(-1)).toBe('an invariant failed');
  });

  test('users that could not connect: the run failed, whatever the invariants say', () => {
    const tally = new LoadTally();
    tally.connectFailures = 30;
    tally.error('connect: ERR_CONNECTION_REFUSED');
    const s = summarize(tally, new InvariantLog().results(), {
      users: 30,
      rooms: 3,
      loadSeconds: 1,
      deliveredInLoad: 0,
      totalSeconds: 1,
      serverOpenAfterShutdown: undefined,
    });
    expect(s.invariants.every((i) => i.held)).toBe(true);
    expect(s.ok).toBe(false);
    expect(formatSummary(s).at(-1)).toBe('30 of 30 users could not connect');
  });

  test('as markdown: how it was measured, the table and the invariants', () => {
    const md = summaryMarkdown(sample(), { command: 'npm run showcase', machine: '2 cores' });
    expect(md).toContain('Measured by `npm run showcase` on 2 cores.');
    expect(md).toContain('| messages said | 6,000 (300/s) |');
    expect(md).toContain('- ✓ per-room order kept');
  });
});
