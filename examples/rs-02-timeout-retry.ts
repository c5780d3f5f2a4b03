// RS-02: a timeout on each attempt, combined with retry.
//
// Rust → TypeScript: the seeds' `for attempt in 1..=max { match timeout(d, op()).await { Ok(Ok(v)) =>
// return Ok(v), _ => sleep(backoff).await } }` — by hand with @async/time's `timeout` and `sleep`, then
// as `wrap(retry(…), timeout(d))`: the retry outside, so that each attempt gets its own limit. The
// attempt's signal aborts at the limit (dropping the Rust future), so the hung request stops.
// Swapped, `wrap(timeout(d), retry(…))` bounds all attempts together.
import { getDefaultClock } from '@async/core';
import { retry, timeout as timeoutPolicy, wrap } from '@async/resilience';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

/** A request that hangs on its first two calls (until aborted), then answers in 50 ms. */
function slowThenFast(out: Out) {
  let calls = 0;
  return (signal: AbortSignal): Promise<string> => {
    const call = ++calls;
    if (call > 2) return sleep(50, { signal }).then(() => `response on call ${call}`);
    return new Promise((_, reject) =>
      signal.addEventListener('abort', () => {
        out(`  call ${call} aborted: ${TimeoutError.is(signal.reason) ? 'timed out' : 'cancelled'}`);
        reject(signal.reason);
      }),
    );
  };
}

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();

  out('by hand:');
  const request = slowThenFast(out);
  let t0 = clock.now();
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const value = await timeout(200, (signal) => request(signal));
      out(`  ${value} at ${clock.now() - t0} ms`);
      break;
    } catch (error) {
      if (!TimeoutError.is(error) || attempt === 3) throw error;
      await sleep(100);
    }
  }

  out('as a policy:');
  const policy = wrap(retry({ maxAttempts: 3, backoff: [100, 100] }), timeoutPolicy(200));
  const request2 = slowThenFast(out);
  t0 = clock.now();
  out(`  ${await policy.execute(({ signal }) => request2(signal))} at ${clock.now() - t0} ms`);

  out('one limit for all attempts:');
  const overall = wrap(timeoutPolicy(250), retry({ maxAttempts: 10, backoff: [100, 100, 100] }));
  t0 = clock.now();
  const error = await overall.execute(() => Promise.reject(new Error('down'))).catch((e: unknown) => e);
  out(`  ${TimeoutError.is(error) ? 'timed out' : String(error)} at ${clock.now() - t0} ms`);
}

if (isMain(import.meta)) await main();
