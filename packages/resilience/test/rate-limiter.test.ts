import { TestClock } from '@async/time';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { RateLimitedError, type RateLimiter, slidingWindow, tokenBucket } from '../src/index';
import { listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

describe('tokenBucket', () => {
  test('admission over two simulated hours is within one token of capacity + rate · t', async () => {
    const limiter = tokenBucket({ capacity: 10, refill: 5, interval: 1000 });
    let admitted = 0;
    const hours = 2;
    for (let t = 0; t < hours * 3_600_000; t += 500) {
      while (limiter.tryAcquire()) admitted++;
      await clock.advance(500);
    }
    while (limiter.tryAcquire()) admitted++;
    const expected = 10 + 5 * hours * 3600;
    expect(Math.abs(admitted - expected)).toBeLessThanOrEqual(1);
  });

  test('acquire waits in FIFO order for exactly the time the tokens take', async () => {
    const limiter = tokenBucket({ capacity: 2, refill: 1, interval: 100 });
    const at: Record<string, number> = {};
    const names = ['a', 'b', 'c', 'd', 'e'];
    const calls = names.map((name, i) =>
      limiter.acquire(i === 2 ? 2 : 1).then(() => {
        at[name] = clock.now();
      }),
    );
    await clock.advance(1000);
    await Promise.all(calls);
    // a and b at once; c needs 2 (t = 200); d 100 later, e 100 after that
    expect(at).toEqual({ a: 0, b: 0, c: 200, d: 300, e: 400 });
    expect(clock.pending).toBe(0); // idle: no timer
  });

  test('tryAcquire fails while anyone waits, so nobody barges in', async () => {
    const limiter = tokenBucket({ capacity: 3, refill: 1, interval: 100 });
    limiter.tryAcquire(3);
    const big = track(limiter.acquire(3));
    await clock.advance(200);
    expect(limiter.tryAcquire()).toBe(false);
    await clock.advance(100);
    expect(big.done).toBe(true);
  });

  test('maxWait rejects at once when the tokens would come too late, saying when (RS-06)', async () => {
    const limiter = tokenBucket({ capacity: 1, refill: 1, interval: 1000 });
    limiter.tryAcquire();
    const queued = track(limiter.acquire(1, { maxWait: 2000 })); // 1000 ms: fine
    const error = await limiter.acquire(1, { maxWait: 1500 }).catch((e) => e); // 2000 ms behind the first
    expect(RateLimitedError.is(error)).toBe(true);
    expect((error as RateLimitedError).retryAfter).toBe(2000);
    await clock.advance(1000);
    expect(queued.done).toBe(true);
  });

  test('an aborted waiter leaves at once, takes nothing, and the next is served in its place', async () => {
    const limiter = tokenBucket({ capacity: 1, refill: 1, interval: 1000 });
    limiter.tryAcquire();
    const ac = new AbortController();
    const first = track(limiter.acquire(1, { signal: ac.signal }));
    const second = track(limiter.acquire(1));
    await settle();
    ac.abort('bye');
    await settle();
    expect(first).toEqual({ done: true, error: 'bye' });
    await clock.advance(1000);
    expect(second.done).toBe(true);
    expect(listeners(ac.signal)).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test('as a policy, each call takes one token', async () => {
    const limiter = tokenBucket({ capacity: 2, refill: 1, interval: 1000 });
    const starts: number[] = [];
    const calls = [1, 2, 3].map(() => limiter.execute(() => starts.push(clock.now())));
    await clock.advance(1000);
    await Promise.all(calls);
    expect(starts).toEqual([0, 0, 1000]);
  });

  test('bad input throws, naming the option or parameter', async () => {
    expect(() => tokenBucket({ capacity: 0, refill: 1 })).toThrow(
      /capacity must be a positive integer, got 0 \(number\)/,
    );
    expect(() => tokenBucket({ capacity: 1, refill: -1 })).toThrow(
      /refill must be a positive, finite number, got -1/,
    );
    expect(() => tokenBucket({ capacity: 1, refill: 1, interval: 0 })).toThrow(/interval must be a positive/);
    const limiter = tokenBucket({ capacity: 5, refill: 1 });
    expect(() => limiter.tryAcquire(6)).toThrow(/n must be at most 5 \(the limiter's capacity\), got 6/);
    await expect(limiter.acquire(0)).rejects.toThrow(/n must be a positive integer, got 0/);
    await expect(limiter.acquire(1, { maxWiat: 5 } as never)).rejects.toThrow(
      /unknown option "maxWiat" of acquire/,
    );
  });
});

describe('slidingWindow', () => {
  test('never more than limit grants in any window, and the full rate over simulated hours', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 10, max: 2000 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 50, maxLength: 400 }),
        async (limit, window, gaps) => {
          using local = TestClock.install();
          const limiter = slidingWindow({ limit, window });
          const grants: number[] = [];
          for (const gap of gaps) {
            await local.advance(gap);
            while (limiter.tryAcquire()) grants.push(local.now());
          }
          for (let i = limit; i < grants.length; i++)
            expect(grants[i]! - grants[i - limit]!).toBeGreaterThanOrEqual(window);
        },
      ),
      { numRuns: 30 },
    );
    const limiter = slidingWindow({ limit: 100, window: 60_000 });
    let admitted = 0;
    for (let t = 0; t < 3 * 3_600_000; t += 1000) {
      while (limiter.tryAcquire()) admitted++;
      await clock.advance(1000);
    }
    expect(Math.abs(admitted - 100 * 3 * 60)).toBeLessThanOrEqual(1);
  });

  test('a waiter for several tokens is served when enough grants left the window', async () => {
    const limiter: RateLimiter = slidingWindow({ limit: 3, window: 1000 });
    await limiter.acquire();
    await clock.advance(100);
    await limiter.acquire();
    await clock.advance(100);
    await limiter.acquire();
    const two = track(limiter.acquire(2));
    await clock.advance(899); // t = 1099: only the first grant has left
    expect(two.done).toBe(false);
    await clock.advance(1); // t = 1100: the second too
    expect(two.done).toBe(true);
  });
});
