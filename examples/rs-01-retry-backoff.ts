// RS-01: retry with exponential backoff.
//
// Rust → TypeScript: the seeds' loop — `loop { match op().await { Ok(v) => break v, Err(e) if attempt
// < max => { sleep(delay).await; delay *= 2 } … } }` — first as it is written by hand with @async/time's
// `sleep`, then as a policy: `retry({ maxAttempts, backoff: exponential(…) })`. The policy adds what the
// hand-written loop leaves out: jitter, a cap, `retryIf`, every attempt's error in the final
// `RetryError`, and an `AbortSignal` that ends a backoff at once. Timestamps are the clock's.

import { getDefaultClock } from '@async/core';
import { exponential, RetryError, retry } from '@async/resilience';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

/** A service that fails `failures` times, then answers. */
function flaky(failures: number) {
  let calls = 0;
  return async (): Promise<string> => {
    calls++;
    if (calls <= failures) throw new Error(`unavailable (call ${calls})`);
    return `answer after ${calls} calls`;
  };
}

/** The hand-written loop of the seeds. */
async function retryByHand<T>(op: () => Promise<T>, maxAttempts: number, firstDelay: number): Promise<T> {
  let delay = firstDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
      await sleep(delay);
      delay *= 2;
    }
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();
  const t0 = clock.now();
  const at = () => `${Math.round(clock.now() - t0)} ms`;

  out('by hand:');
  out(`  ${await retryByHand(flaky(3), 5, 100)} at ${at()}`);

  out('as a policy:');
  const policy = retry({
    maxAttempts: 5,
    backoff: exponential({ initial: 100, max: 1000, jitter: 'none' }),
    onRetry: ({ attempt, error, delay }) =>
      out(`  attempt ${attempt} failed (${(error as Error).message}); waiting ${delay} ms`),
  });
  const start = clock.now();
  out(`  ${await policy.execute(flaky(3))} after ${Math.round(clock.now() - start)} ms`);

  out('giving up:');
  const error = await retry({ maxAttempts: 3, backoff: [10, 20] })
    .execute(flaky(10))
    .catch((e: unknown) => e);
  if (RetryError.is(error)) {
    out(`  ${error.message}`);
    out(`  every attempt's error: ${error.errors.map((e) => (e as Error).message).join('; ')}`);
  }
}

if (isMain(import.meta)) await main();
