// The summary of a load: the figures gathered into one value (which the test checks), printed as a
// table at the end of the run, and written as markdown with `--write-results` (the figures the docs
// quote).
import type { InvariantResult } from './invariants';
import type { ErrorKind } from './protocol';
import type { LoadTally } from './tally';

export interface Summary {
  readonly users: number;
  readonly rooms: number;
  /** Seconds the users talked (connect to the stop), over which the rates are taken. */
  readonly loadSeconds: number;
  /** Seconds of the whole run, connecting, draining and closing included. */
  readonly totalSeconds: number;
  /** `say` frames written, and per second of load. */
  readonly sent: number;
  readonly sentPerSecond: number;
  /**
   * `msg` frames received by all users (a message reaches every member of its room), and per second
   * of load: the rate counts only what arrived during the load, not the drain after it (where slow
   * readers catch up on their backlog).
   */
  readonly delivered: number;
  readonly deliveredPerSecond: number;
  /**
   * Delivery latency in ms, from `sentAt` to receipt, at every receiver that is not a slow one, of the
   * messages said after the first second (the warm-up).
   */
  readonly latency: {
    readonly samples: number;
    readonly p50: number | undefined;
    readonly p99: number | undefined;
    readonly p999: number | undefined;
    readonly max: number | undefined;
  };
  readonly joins: number;
  readonly leaves: number;
  readonly laggedNotices: number;
  readonly missed: number;
  readonly vanished: number;
  readonly dropped: number;
  /** `error` frames from the server, by kind. */
  readonly refused: Readonly<Record<ErrorKind, number>>;
  /** Failures on the client side, by kind. */
  readonly errors: Readonly<Record<string, number>>;
  readonly connections: {
    /** Users that could not connect: the run fails if any did not. */
    readonly failed: number;
    readonly opened: number;
    readonly closed: number;
    /** The server's open connections after its shutdown; `undefined` for a server elsewhere (`--addr`). */
    readonly serverOpenAfterShutdown: number | undefined;
  };
  readonly invariants: readonly InvariantResult[];
  /** Whether every user connected and every invariant held: the exit code is 0 only then. */
  readonly ok: boolean;
}

export function summarize(
  tally: LoadTally,
  invariants: readonly InvariantResult[],
  run: {
    users: number;
    rooms: number;
    loadSeconds: number;
    /** `msg` frames received by the end of the load, before the drain. */
    deliveredInLoad: number;
    totalSeconds: number;
    serverOpenAfterShutdown: number | undefined;
  },
): Summary {
  const { latency } = tally;
  return {
    users: run.users,
    rooms: run.rooms,
    loadSeconds: run.loadSeconds,
    totalSeconds: run.totalSeconds,
    sent: tally.sent,
    sentPerSecond: tally.sent / run.loadSeconds,
    delivered: tally.delivered,
    deliveredPerSecond: run.deliveredInLoad / run.loadSeconds,
    latency: {
      samples: latency.count,
      p50: latency.percentile(0.5),
      p99: latency.percentile(0.99),
      p999: latency.percentile(0.999),
      max: latency.max,
    },
    joins: tally.joins,
    leaves: tally.leaves,
    laggedNotices: tally.laggedNotices,
    missed: tally.missed,
    vanished: tally.vanished,
    dropped: tally.dropped,
    refused: { ...tally.refused },
    errors: { ...tally.errors },
    connections: {
      failed: tally.connectFailures,
      opened: tally.connectionsOpened,
      closed: tally.connectionsClosed,
      serverOpenAfterShutdown: run.serverOpenAfterShutdown,
    },
    invariants,
    ok: tally.connectFailures === 0 && invariants.every((i) => i.held),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) => (n === undefined ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const byKind = (counts: Readonly<Record<string, number>>) => {
  const nonZero = Object.entries(counts).filter(([, n]) => n > 0);
  return nonZero.length === 0 ? 'none' : nonZero.map(([kind, n]) => `${kind} ${int(n)}`).join(', ');
};

/** The summary's figures as rows of (what, value). */
function rows(s: Summary): [string, string][] {
  const server = s.connections.serverOpenAfterShutdown;
  return [
    ['users / rooms', `${int(s.users)} / ${int(s.rooms)}`],
    ['load / whole run', `${s.loadSeconds.toFixed(1)} s / ${s.totalSeconds.toFixed(1)} s`],
    ['messages said', `${int(s.sent)} (${int(s.sentPerSecond)}/s)`],
    ['messages delivered', `${int(s.delivered)} (${int(s.deliveredPerSecond)}/s during the load)`],
    [
      'latency p50 / p99 / p999',
      `${ms(s.latency.p50)} / ${ms(s.latency.p99)} / ${ms(s.latency.p999)} ms (max ${ms(s.latency.max)} ms, ${int(s.latency.samples)} samples)`,
    ],
    ['joins / leaves', `${int(s.joins)} / ${int(s.leaves)}`],
    ['lagged notices / missed', `${int(s.laggedNotices)} / ${int(s.missed)}`],
    ['vanished / dropped clients', `${int(s.vanished)} / ${int(s.dropped)}`],
    ['refused by the server', byKind(s.refused)],
    ['client errors', byKind(s.errors)],
    [
      'connections opened / closed',
      `${int(s.connections.opened)} / ${int(s.connections.closed)}` +
        (server === undefined ? '' : ` (server: ${int(server)} open after shutdown)`),
    ],
  ];
}

function invariantLines(s: Summary): string[] {
  return s.invariants.flatMap((i) => [
    `  ${i.held ? '✓' : '✗'} ${i.description}` +
      (i.held ? (i.checked > 0 ? ` (${int(i.checked)} checks)` : '') : `: ${int(i.violations)} violation(s)`),
    ...i.examples.map((e) => `      ${e}`),
  ]);
}

function verdict(s: Summary): string {
  if (s.connections.failed > 0)
    return `${int(s.connections.failed)} of ${int(s.users)} users could not connect`;
  return s.ok ? 'every invariant held' : 'an invariant failed';
}

/** The summary as the table the program prints. */
export function formatSummary(s: Summary): string[] {
  const table = rows(s);
  const width = Math.max(...table.map(([what]) => what.length));
  return [
    'summary',
    ...table.map(([what, value]) => `  ${what.padEnd(width)}  ${value}`),
    'invariants',
    ...invariantLines(s),
    verdict(s),
  ];
}

/** The summary as markdown, for `--write-results`: how it was run, the table, the invariants. */
export function summaryMarkdown(s: Summary, how: { command: string; machine: string }): string {
  return [
    '# Showcase load results',
    '',
    `Measured by \`${how.command}\` on ${how.machine}.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows(s).map(([what, value]) => `| ${what} | ${value} |`),
    '',
    '## Invariants',
    '',
    ...invariantLines(s).map((l) => (l.startsWith('      ') ? `    - ${l.trim()}` : `- ${l.trim()}`)),
    '',
  ].join('\n');
}
