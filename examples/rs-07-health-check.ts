// RS-07: a health check with a timeout.
//
// Rust → TypeScript: the seeds' `loop { interval.tick().await; match timeout(d, check()).await { … } }`
// becomes a supervised task: `supervise` keeps the checker running (restarting it with backoff if it
// crashes), an `interval` paces it, and a `timeout` policy bounds each probe and aborts a hung one.
// Three misses in a row mark the service unhealthy; one success marks it healthy again.
import { getDefaultClock } from '@async/core';
import { supervise, timeout } from '@async/resilience';
import { interval, sleep, TimeoutError } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();
  const t0 = clock.now();
  // The dependency: answers in 20 ms, hangs from 250 ms to 650 ms.
  const ping = async (signal: AbortSignal) => {
    const now = clock.now() - t0;
    await sleep(now >= 250 && now < 650 ? 60_000 : 20, { signal });
    return 'pong';
  };

  const probe = timeout(100);
  let healthy = true;
  let misses = 0;
  const stop = new AbortController();
  const checker = supervise(
    async ({ signal }) => {
      for await (const _ of interval(100, { signal })) {
        const ok = await probe
          .execute(({ signal: probeSignal }) => ping(probeSignal), { signal })
          .then(
            () => true,
            (e: unknown) => (TimeoutError.is(e) ? false : Promise.reject(e)),
          );
        misses = ok ? 0 : misses + 1;
        const next = ok || (misses < 3 && healthy);
        if (next !== healthy)
          out(
            `[${clock.now() - t0} ms] ${next ? 'healthy again' : `unhealthy after ${misses} missed checks`}`,
          );
        healthy = next;
      }
    },
    { signal: stop.signal, restart: 'on-failure', maxRestarts: 3, backoff: [100] },
  );

  await sleep(1000);
  stop.abort('done watching');
  await checker.catch(() => {});
  out(`checker stopped; restarts: ${checker.restarts}`);
}

if (isMain(import.meta)) await main();
