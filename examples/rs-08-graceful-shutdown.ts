// RS-08: graceful shutdown with a grace period for in-flight work.
//
// Rust → TypeScript: the seeds' `select! { _ = signal::ctrl_c() => …, _ = serve() => … }` followed by
// `timeout(grace, join_all(in_flight)).await` and then aborting what is left, on @async: a supervised
// worker loop (restarted if it crashes), a `bulkhead` that counts the requests in flight, and on shutdown:
// stop taking work, wait up to the grace period for the in-flight requests, then abort the stragglers
// through their signal. `run(main)` of @async/core calls the same code on SIGINT/SIGTERM.
import { getDefaultClock } from '@async/core';
import { bulkhead, supervise } from '@async/resilience';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();
  const t0 = clock.now();
  const log = (line: string) => out(`[${Math.round(clock.now() - t0)} ms] ${line}`);
  const inFlight = bulkhead(10, { maxQueue: 100 });
  const pending: Promise<void>[] = [];
  const abortStragglers = new AbortController();

  // A request takes `ms`; it stops early if the server aborts it.
  const handle = (id: number, ms: number) =>
    inFlight
      .execute(
        async ({ signal }) => {
          await sleep(ms, { signal });
          log(`request ${id} done`);
        },
        { signal: abortStragglers.signal },
      )
      .catch((e: unknown) => log(`request ${id} aborted (${String(e)})`));

  // The accept loop: a new request every 100 ms, durations from a fixed list.
  const shutdown = new AbortController();
  const durations = [150, 900, 200, 2000];
  const server = supervise(
    async ({ signal }) => {
      for (let id = 1; ; id++) {
        await sleep(100, { signal });
        log(`request ${id} accepted`);
        pending.push(handle(id, durations[(id - 1) % durations.length]!));
      }
    },
    { signal: shutdown.signal },
  );

  await sleep(450);
  log('shutdown: no new requests');
  shutdown.abort('shutting down');
  await server.catch(() => {});
  log(`${inFlight.active} requests in flight; grace period 1000 ms`);
  try {
    await timeout(1000, Promise.all(pending));
    log('all in-flight requests finished');
  } catch (e) {
    if (!TimeoutError.is(e)) throw e;
    log(`grace period over: aborting ${inFlight.active}`);
    abortStragglers.abort('grace period over');
    await Promise.all(pending);
  }
  log('stopped');
}

if (isMain(import.meta)) await main();
