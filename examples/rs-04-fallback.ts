// RS-04: a fallback value on failure.
//
// Rust → TypeScript: `fetch().await.unwrap_or(default)` / `.unwrap_or_else(|e| …)` → by hand, a
// `.catch(() => default)`; as a policy, `fallback(value)` or `fallback((error) => …)`, with `when` to
// answer only the errors it should (a 404 is an answer, not an outage), and composed outside a retry.
import { fallback, retry, wrap } from '@async/resilience';
import { isMain, type Out } from './is-main';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const cache = new Map([['user:1', 'Ada (cached)']]);
  const down = async (): Promise<string> => {
    throw new HttpError(503);
  };

  out('by hand:');
  out(`  ${await down().catch(() => 'guest')}`);

  out('as a policy:');
  const fromCache = (key: string) =>
    fallback((error) => cache.get(key) ?? `no data (${(error as Error).message})`, {
      when: (error) => error instanceof HttpError && error.status >= 500,
    });
  out(`  ${await fromCache('user:1').execute(down)}`);
  out(`  ${await fromCache('user:2').execute(down)}`);
  const notFound = await fromCache('user:3')
    .execute(async () => {
      throw new HttpError(404);
    })
    .catch((e: Error) => `not answered by the fallback: ${e.message}`);
  out(`  ${notFound}`);

  out('after retries:');
  let attempts = 0;
  const policy = wrap(fallback('default profile'), retry({ maxAttempts: 3, backoff: [1, 1] }));
  const value = await policy.execute(() => {
    attempts++;
    return down();
  });
  out(`  ${value} after ${attempts} attempts`);
}

if (isMain(import.meta)) await main();
