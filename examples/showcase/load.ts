// The showcase's load client: `npm run showcase` (or `node --import tsx examples/showcase/load.ts`).
//
// It starts the chat server in-process (or loads the one at `--addr`), connects several hundred
// simulated users (a `JoinSet`, one task each), lets them talk for `--duration` seconds while a status
// line shows the progress, then has them drain and leave, shuts the server down gracefully, and
// prints a summary: messages/s, delivery latency percentiles, lags, refusals, errors, and the three
// invariants (no message lost to a client that was not lagging, per-room order kept, every connection
// closed). The exit code is 0 only when every user connected and every invariant held; 2 for bad flags.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { JoinSet, run } from '@async/core';
import { Barrier } from '@async/sync';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from '../is-main';
import { FlagError, type LoadFlags, parseFlags, USAGE } from './flags';
import { InvariantLog } from './invariants';
import { Progress, type ProgressOutput } from './progress';
import { type ChatServer, type ChatServerOptions, startChatServer } from './server';
import { formatSummary, type Summary, summarize, summaryMarkdown } from './summary';
import { LoadTally } from './tally';
import { type LoadContext, runUser } from './user';
import { planUsers, roomNames } from './workload';

/** How long the users get, after the load, to drain and leave before they are aborted. */
const FINISH_MS = 30_000;

export interface LoadOptions {
  /** Where the progress goes (`process.stdout`: a status line on a terminal, plain lines otherwise). */
  readonly progress: ProgressOutput;
  /** Aborting it ends the load early (Ctrl-C): the users drain and leave, and the summary is printed. */
  readonly signal?: AbortSignal;
  /** Options of the in-process server (ignored with `--addr`). */
  readonly server?: ChatServerOptions;
}

/** Runs one load as `flags` say and returns its summary; never throws for what the users meet. */
export async function runLoad(flags: LoadFlags, options: LoadOptions): Promise<Summary> {
  const began = performance.now();
  const server: ChatServer | undefined =
    flags.addr === undefined
      ? await startChatServer({ addr: '127.0.0.1:0', textAddr: null, ...options.server })
      : undefined;
  const tally = new LoadTally();
  const log = new InvariantLog();
  const stop = new AbortController();
  const durationMs = flags.duration * 1000;
  const ctx: LoadContext = {
    addr: flags.addr ?? server!.addr,
    allRooms: roomNames(flags.rooms),
    rate: flags.rate,
    durationMs,
    tally,
    log,
    started: new Barrier(flags.users + 1),
    stop: stop.signal,
  };

  await using users = new JoinSet<void>();
  for (const plan of planUsers(flags)) {
    users.spawn((signal) => runUser(plan, ctx, signal), { name: plan.name });
  }
  // The users connect; then the talk starts for all of them at once, and the load's clock with it.
  const progress = new Progress(options.progress, tally, durationMs);
  const progressDone = new AbortController();
  let showing: Promise<void> = Promise.resolve();
  let started = performance.now();
  try {
    await ctx.started.wait({ signal: options.signal });
    started = performance.now();
    showing = progress.run(progressDone.signal);
    await sleep(durationMs, { signal: options.signal });
  } catch {
    // Ctrl-C: the load ends early, and is summarized all the same
  }
  stop.abort();
  const loadSeconds = (performance.now() - started) / 1000;
  const deliveredInLoad = tally.delivered;

  // The users drain and leave by themselves; any still there after FINISH_MS is aborted (its socket
  // closed) and counted against the third invariant.
  const finished = await timeout(FINISH_MS, async (signal) => {
    while (users.size > 0) await users.joinNext({ signal });
    return true;
  }).catch((error) => {
    if (TimeoutError.is(error)) return false;
    throw error;
  });
  if (!finished) {
    log.violate('closed', `${users.size} user(s) still running ${FINISH_MS / 1000} s after the load`);
    await users.shutdown();
  }
  progressDone.abort();
  await showing;
  progress.finish();

  let serverOpenAfterShutdown: number | undefined;
  if (server !== undefined) {
    await server.shutdown();
    serverOpenAfterShutdown = server.stats().connections;
  }
  log.checked('closed', tally.connectionsOpened);
  if (tally.connectionsClosed !== tally.connectionsOpened) {
    log.violate(
      'closed',
      `${tally.connectionsOpened - tally.connectionsClosed} of ${tally.connectionsOpened} client sockets still open`,
    );
  }
  if (serverOpenAfterShutdown !== undefined && serverOpenAfterShutdown !== 0) {
    log.violate(
      'closed',
      `the server still counts ${serverOpenAfterShutdown} connection(s) after its shutdown`,
    );
  }
  return summarize(tally, log.results(), {
    users: flags.users,
    rooms: flags.rooms,
    loadSeconds,
    deliveredInLoad,
    totalSeconds: (performance.now() - began) / 1000,
    serverOpenAfterShutdown,
  });
}

/** The machine a run measured, as the results file states it. */
export function describeMachine(): string {
  const cores = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${load} before the run`;
}

/** The program: parses `argv`, runs the load, prints the summary; resolves with the exit code. */
export async function main(
  argv: readonly string[],
  signal?: AbortSignal,
  out: Out = console.log,
  progress: ProgressOutput = process.stdout,
): Promise<number> {
  let flags: LoadFlags | 'help';
  try {
    flags = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    console.error(`showcase: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (flags === 'help') {
    out(USAGE);
    return 0;
  }
  const machine = describeMachine();
  out(
    `showcase: ${flags.users} users in ${flags.rooms} rooms, ${flags.rate} message(s)/s each, for ${flags.duration} s` +
      (flags.addr === undefined ? ' (server in-process)' : ` against ${flags.addr}`),
  );
  const summary = await runLoad(flags, { progress, signal });
  for (const line of formatSummary(summary)) out(line);
  if (flags.writeResults !== undefined) {
    const command = ['npm run showcase --', ...argv].join(' ').replace(/ --$/, '');
    writeFileSync(flags.writeResults, summaryMarkdown(summary, { command, machine }));
    out(`results written to ${flags.writeResults}`);
  }
  return summary.ok ? 0 : 1;
}

if (isMain(import.meta)) await run((signal) => main(process.argv.slice(2), signal), { name: 'showcase' });
