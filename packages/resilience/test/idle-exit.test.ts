import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('no policy keeps an idle process alive (cockatiel #11): the process exits once the work is done', () => {
  const src = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const script = `
    const r = await import(${JSON.stringify(src)});
    const breaker = r.circuitBreaker({ breaker: r.consecutive(1), halfOpenAfter: 3_600_000 });
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    await r.timeout(3_600_000).execute(() => 'fast');
    await r.hedge({ delay: 3_600_000 }).execute(() => 'fast');
    await r.wrap(r.retry(), breaker, r.timeout(3_600_000)).execute(() => 1).catch(() => {});
    const bucket = r.tokenBucket({ capacity: 1, refill: 1, interval: 3_600_000 });
    bucket.tryAcquire();
    console.log('done', breaker.state);`;
  // If a timer held the process, it would run for an hour: the kill bound turns that into a failure.
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(out.stderr).toBe('');
  expect(out.stdout.trim()).toBe('done open');
  expect(out.status).toBe(0);
});
