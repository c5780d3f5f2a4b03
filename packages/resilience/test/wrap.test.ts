import { TestClock, TimeoutError } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { bulkhead, circuitBreaker, fallback, RetryError, retry, timeout, wrap } from '../src/index';
import { countControllers, listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

describe('wrap', () => {
  test('one long-lived signal through 100,000 calls of a 3-policy wrap leaves 0 listeners', async () => {
    const ac = new AbortController();
    const policy = wrap(retry({ maxAttempts: 2, backoff: [0] }), circuitBreaker(), timeout(10_000));
    for (let i = 0; i < 100_000; i++) {
      await policy.execute(
        ({ signal, attempt }) =>
          i % 1000 === 0 && attempt === 1 ? Promise.reject(new Error('x')) : signal.aborted,
        {
          signal: ac.signal,
        },
      );
    }
    await settle();
    expect(listeners(ac.signal)).toBe(0);
  });

  test('the success path through retry, breaker and timeout makes no AbortController', async () => {
    const policy = wrap(retry(), circuitBreaker(), timeout(1000), bulkhead(4));
    const made = await countControllers(async () => {
      for (let i = 0; i < 100; i++) await policy.execute(() => i);
    });
    expect(made).toBe(0);
  });

  test('a timeout inside a retry limits each attempt (RS-02); the attempt number reaches the operation', async () => {
    const policy = wrap(retry({ maxAttempts: 3, backoff: [100, 100] }), timeout(1000));
    const seen: string[] = [];
    const call = track(
      policy.execute(({ signal, attempt }) => {
        seen.push(`attempt ${attempt} @${clock.now()}`);
        if (attempt === 3) return 'third time lucky';
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }),
    );
    await clock.advance(5000);
    expect(call.value).toBe('third time lucky');
    expect(seen).toEqual(['attempt 1 @0', 'attempt 2 @1100', 'attempt 3 @2200']);
  });

  test('a timeout around a retry bounds all attempts together, and aborts the backoff', async () => {
    const policy = wrap(timeout(250), retry({ maxAttempts: 10, backoff: [100, 100, 100] }));
    let calls = 0;
    const call = track(
      policy.execute(() => {
        calls++;
        return Promise.reject(new Error('down'));
      }),
    );
    await clock.advance(1000);
    expect(TimeoutError.is(call.error)).toBe(true);
    expect(calls).toBe(3); // at 0, 100, 200; the backoff to 300 was cut at 250
    expect(clock.pending).toBe(0);
  });

  test('the outermost fallback answers for all; its type joins the value type', async () => {
    const policy = wrap(fallback('offline' as const), retry({ maxAttempts: 2, backoff: [0] }));
    const value: number | 'offline' = await policy.execute(() => Promise.reject<number>(new Error('x')));
    expect(value).toBe('offline');
    const error = await wrap(retry({ maxAttempts: 2, backoff: [0] }))
      .execute(() => Promise.reject(new Error('y')))
      .catch((e) => e);
    expect(RetryError.is(error)).toBe(true);
  });

  test('bad input: no policies, or something that is not a policy', () => {
    expect(() => wrap()).toThrow(/wrap needs at least one policy/);
    expect(() => wrap(retry(), {} as never)).toThrow(/policies\[1\] must be a Policy/);
  });
});
