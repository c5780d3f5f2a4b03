// RS-06: a token-bucket rate limiter with an acquire timeout.
//
// Rust → TypeScript: the seeds' bucket behind a `Mutex`, refilled by a background `interval` task, and
// `timeout(d, limiter.acquire())` become `tokenBucket({ capacity, refill, interval })`: tokens are
// computed from the clock at each call (no background task, no timer while idle). By hand, the timeout
// is @async/time's `timeout` around an abortable `acquire`; the policy form is `maxWait`, which refuses
// at once — with the time the tokens would come, for a `Retry-After` — instead of waiting out the limit.
import { getDefaultClock } from '@async/core';
import { RateLimitedError, tokenBucket } from '@async/resilience';
import { TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const clock = getDefaultClock();
  const t0 = clock.now();
  const limiter = tokenBucket({ capacity: 3, refill: 2, interval: 1000 }); // bursts of 3, then 2 a second

  out('a burst, then the steady rate:');
  for (let i = 1; i <= 6; i++) {
    await limiter.acquire();
    out(`  request ${i} at ${Math.round(clock.now() - t0)} ms`);
  }

  out('shedding load with tryAcquire:');
  out(`  admitted now: ${limiter.tryAcquire()}; tokens come in ${Math.round(limiter.waitTime())} ms`);

  out('acquire with a timeout, by hand:');
  const waited = clock.now();
  const outcome = await timeout(200, (signal) => limiter.acquire(1, { signal })).catch((e: unknown) =>
    TimeoutError.is(e) ? 'timed out' : String(e),
  );
  out(`  ${outcome ?? 'acquired'} after ${Math.round(clock.now() - waited)} ms`);

  out('acquire with maxWait:');
  const refused = await limiter.acquire(2, { maxWait: 200 }).catch((e: unknown) => e);
  if (RateLimitedError.is(refused))
    out(`  refused at once; retry after ${Math.round(refused.retryAfter)} ms`);
  await limiter.acquire(1, { maxWait: 1000 });
  out(`  one token within 1 s: acquired at ${Math.round(clock.now() - t0)} ms`);
}

if (isMain(import.meta)) await main();
