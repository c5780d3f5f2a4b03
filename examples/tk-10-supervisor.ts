// TK-10: a supervisor that restarts a failed task, waiting longer after each failure.
//
// Rust → TypeScript: `tokio::spawn(task_fn())` + `match handle.await { Err(e) => restart }` → the same
// loop over `spawn` and a rejected `JoinError`. The seed's fixed one-second pause becomes exponential
// backoff (base · 2^attempt, capped). The supervisor takes an `AbortSignal` so that it can be stopped
// in the middle of a backoff; the delays here are a few milliseconds so the example stays fast.
// Last, the same with @async/resilience's `supervise`: a restart budget within a time window (Erlang's
// restart intensity), the restart history, and a stop that is never an unhandled rejection.
import { setTimeout as sleep } from 'node:timers/promises';
import { JoinError, spawn, type TaskFn } from '@async/core';
import { SupervisorError, supervise as superviseWithPolicy } from '@async/resilience';
import { isMain, type Out } from './is-main';

export interface SuperviseOptions {
  /** How many times a failed task is started again. */
  readonly maxRestarts: number;
  /** The first backoff, in ms; it doubles after each failure. */
  readonly baseDelay: number;
  /** The longest backoff, in ms. */
  readonly maxDelay?: number;
  /** Stops the supervisor, and the task it runs. */
  readonly signal?: AbortSignal;
  /** Told about each failure and the backoff before the next start. */
  readonly onRestart?: (attempt: number, error: unknown, delay: number) => void;
}

/** Runs `task` until it succeeds, restarting it after failures; rejects with the last failure. */
export async function supervise<T>(name: string, task: TaskFn<T>, options: SuperviseOptions): Promise<T> {
  const { maxRestarts, baseDelay, maxDelay = 30_000, signal } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await spawn(task, { name, signal });
    } catch (error) {
      if (!JoinError.is(error) || error.isCancelled() || attempt >= maxRestarts) throw error;
      const delay = Math.min(baseDelay * 2 ** attempt, maxDelay);
      options.onRestart?.(attempt + 1, error.cause, delay);
      await sleep(delay, undefined, { signal }); // rejects if the supervisor is stopped meanwhile
    }
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const log = (attempt: number, error: unknown, delay: number) =>
    out(`  attempt ${attempt} failed (${(error as Error).message}); restarting in ${delay} ms`);

  // A flaky service: fails twice, then stays up.
  let starts = 0;
  const flaky = async () => {
    starts++;
    if (starts <= 2) throw new Error(`connection refused #${starts}`);
    return `connected on start ${starts}`;
  };
  out('flaky service:');
  out(`  ${await supervise('db', flaky, { maxRestarts: 3, baseDelay: 1, onRestart: log })}`);

  // A broken service: the supervisor gives up after 1 + maxRestarts starts.
  out('broken service:');
  try {
    await supervise(
      'cache',
      async () => {
        throw new Error('bad config');
      },
      { maxRestarts: 2, baseDelay: 1, onRestart: log },
    );
  } catch (error) {
    out(`  gave up: ${(error as JoinError).message}`);
  }

  // Stopping the supervisor during a long backoff: it does not wait the backoff out.
  out('stopped supervisor:');
  const stop = new AbortController();
  const started = performance.now();
  const outcome = await supervise(
    'metrics',
    async () => {
      throw new Error('unreachable host');
    },
    {
      maxRestarts: 10,
      baseDelay: 10_000,
      signal: stop.signal,
      onRestart: (attempt, error, delay) => {
        log(attempt, error, delay);
        stop.abort(); // e.g. the program is shutting down
      },
    },
  ).catch((error: Error) => error.name);
  out(
    `  stopped with ${outcome} after ${performance.now() - started < 1000 ? 'well under' : 'over'} a second`,
  );

  out('as a policy (@async/resilience):');
  let runs = 0;
  const sup = superviseWithPolicy(
    async () => {
      runs++;
      if (runs <= 2) throw new Error(`connection refused #${runs}`);
      return `connected on start ${runs}`;
    },
    { maxRestarts: 3, within: 60_000, backoff: [1, 2, 4] },
  );
  out(`  ${await sup}`);
  for (const e of sup.history)
    out(`  restart ${e.restart} after "${(e.error as Error).message}", waited ${e.delay} ms`);
  const broken = await superviseWithPolicy(
    async () => {
      throw new Error('bad config');
    },
    { maxRestarts: 2, backoff: [1, 2] },
  ).catch((e: unknown) => e);
  if (SupervisorError.is(broken)) out(`  gave up: ${broken.message}`);
}

if (isMain(import.meta)) await main();
