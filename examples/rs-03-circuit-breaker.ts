// RS-03: a circuit breaker — closed, open, half-open.
//
// Rust → TypeScript: the seeds' struct of an atomic failure counter, a `Mutex<State>` and an
// `Instant` of the last failure becomes `circuitBreaker({ breaker: consecutive(n), halfOpenAfter })`.
// The state is observable (`state`, `onStateChange`, an awaitable `changed()`), an open circuit refuses
// with `BrokenCircuitError` without calling the service, and half-open lets one probe through.
import { getDefaultClock } from '@async/core';
import { BrokenCircuitError, circuitBreaker, consecutive } from '@async/resilience';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();
  const t0 = clock.now();
  let healthy = false;
  let calls = 0;
  const service = async (): Promise<string> => {
    calls++;
    if (!healthy) throw new Error('503');
    return 'ok';
  };

  const breaker = circuitBreaker({ breaker: consecutive(3), halfOpenAfter: 1000 });
  breaker.onStateChange((state) => out(`  [${clock.now() - t0} ms] circuit ${state}`));

  const call = async (label: string) => {
    try {
      out(`  ${label}: ${await breaker.execute(service)}`);
    } catch (error) {
      out(
        `  ${label}: ${BrokenCircuitError.is(error) ? 'refused (circuit open)' : (error as Error).message}`,
      );
    }
  };

  out('the service fails:');
  for (let i = 1; i <= 5; i++) await call(`call ${i}`);
  out(`  the service was called ${calls} times, not 5`);

  out('a second later, it has recovered:');
  await sleep(1000);
  healthy = true;
  await call('probe');
  await call('next call');
}

if (isMain(import.meta)) await main();
