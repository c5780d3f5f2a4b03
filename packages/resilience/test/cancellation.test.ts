// The cancellation contract, checked the same way for every policy that waits (until the shared
// Selectable/cancellation conformance kit exists, this is its stand-in): an aborted signal rejects at
// once with its reason and runs nothing; an abort while waiting rejects with the reason and leaves no
// listener, no timer and no queued waiter; a long-lived signal through many waits keeps no listener.
import { TestClock } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { bulkhead, circuitBreaker, hedge, retry, supervise, timeout, tokenBucket } from '../src/index';
import { listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

interface Waiting {
  /** Starts a call that waits (a backoff, a queue, a rate limit…) until `signal` aborts. */
  wait(signal: AbortSignal): Promise<unknown>;
  /** Starts a call that completes without waiting, or after a wait that finishes by itself. */
  pass(signal: AbortSignal): Promise<unknown>;
  /** Whatever the policy holds for waiters (queue length), 0 when nothing waits. */
  held(): number;
  /**
   * Timers the policy may keep once idle: a timeout policy keeps its one `unref`'d timer until its
   * deadline rather than cancel and re-arm it for every call (it never holds the process open).
   */
  idleTimers?: number;
}

const never = () => new Promise<never>(() => {});

const cases: Record<string, () => Waiting> = {
  'retry backoff': () => {
    const policy = retry({ maxAttempts: 2, backoff: [1000] });
    return {
      wait: (signal) => policy.execute(() => Promise.reject(new Error('x')), { signal }),
      pass: (signal) => policy.execute(() => 1, { signal }),
      held: () => 0,
    };
  },
  'bulkhead queue': () => {
    const limit = bulkhead(1, { maxQueue: 100 });
    void limit.execute(never);
    const free = bulkhead(1);
    return {
      wait: (signal) => limit.execute(() => 1, { signal }),
      pass: (signal) => free.execute(() => 1, { signal }),
      held: () => limit.queued,
    };
  },
  'tokenBucket acquire': () => {
    const limiter = tokenBucket({ capacity: 1, refill: 1, interval: 1000, initial: 0 });
    const roomy = tokenBucket({ capacity: 1_000_000, refill: 1, interval: 1000 });
    return {
      wait: (signal) => limiter.acquire(1, { signal }),
      pass: (signal) => roomy.acquire(1, { signal }),
      held: () => limiter.queued,
    };
  },
  'timeout around a hung op': () => {
    const policy = timeout(60_000);
    return {
      wait: (signal) => policy.execute(never, { signal }),
      pass: (signal) => policy.execute(() => 1, { signal }),
      held: () => 0,
      idleTimers: 1,
    };
  },
  'hedge with hung attempts': () => {
    const policy = hedge({ delay: 10, maxHedged: 3 });
    return {
      wait: (signal) => policy.execute(never, { signal }),
      pass: (signal) => policy.execute(() => 1, { signal }),
      held: () => 0,
    };
  },
  'supervisor backoff': () => ({
    wait: (signal) => supervise(() => Promise.reject(new Error('x')), { signal, backoff: [60_000] }).then(),
    pass: (signal) => supervise(() => 1, { signal }).then(),
    held: () => 0,
  }),
  'circuit breaker changed()': () => {
    const breaker = circuitBreaker();
    return {
      wait: (signal) => Promise.resolve(breaker.changed({ signal })),
      pass: (signal) => breaker.execute(() => 1, { signal }),
      held: () => 0,
    };
  },
};

describe.each(Object.entries(cases))('%s', (_, make) => {
  test('an already aborted signal rejects with its reason', async () => {
    const w = make();
    await expect(w.wait(AbortSignal.abort('before'))).rejects.toBe('before');
    expect(w.held()).toBe(0);
  });

  test('an abort while waiting rejects with the reason and leaves no listener, timer or waiter', async () => {
    const w = make();
    const timersBefore = clock.pending;
    const ac = new AbortController();
    const call = track(w.wait(ac.signal));
    await clock.advance(5);
    expect(call.done).toBe(false);
    ac.abort('during');
    await settle();
    expect(call).toEqual({ done: true, error: 'during' });
    expect(w.held()).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
    expect(clock.pending).toBeLessThanOrEqual(timersBefore + (w.idleTimers ?? 0));
  });

  test('one long-lived signal through 10,000 calls, waiting and not, keeps no listener', async () => {
    const w = make();
    const ac = new AbortController();
    for (let i = 0; i < 10_000; i++) await w.pass(ac.signal);
    for (let i = 0; i < 20; i++) {
      const aborter = new AbortController();
      const call = w.wait(AbortSignal.any([ac.signal, aborter.signal])).catch(() => {});
      aborter.abort('x');
      await call;
    }
    await settle();
    expect(listeners(ac.signal)).toBe(0);
  });
});
