import { TestClock } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { constant, exponential, RetryError, retry } from '../src/index';
import { countControllers, listeners, seeded, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

/** The delays a backoff yields first. */
function take(it: Iterator<number>, n: number): number[] {
  return Array.from({ length: n }, () => it.next().value as number);
}

describe('backoffs', () => {
  test('exponential without jitter doubles from initial and stops growing at max', () => {
    expect(take(exponential({ initial: 100, max: 1000, jitter: 'none' }).delays(), 6)).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(take(exponential({ initial: 10, factor: 3, jitter: 'none' }).delays(), 4)).toEqual([
      10, 30, 90, 270,
    ]);
  });

  test('full, equal and decorrelated jitter give the exact schedule of a seeded source', () => {
    const r = seeded(42);
    const expectedFull = [100, 200, 400, 800].map((d) => r() * d);
    expect(take(exponential({ initial: 100, jitter: 'full', random: seeded(42) }).delays(), 4)).toEqual(
      expectedFull,
    );

    const e = seeded(7);
    const expectedEqual = [100, 200, 400].map((d) => d / 2 + (e() * d) / 2);
    expect(take(exponential({ initial: 100, jitter: 'equal', random: seeded(7) }).delays(), 3)).toEqual(
      expectedEqual,
    );

    const d = seeded(9);
    let prev = 100;
    const expectedDecorrelated = Array.from({ length: 8 }, () => {
      prev = Math.min(2000, 100 + d() * (prev * 3 - 100));
      return prev;
    });
    const got = take(
      exponential({ initial: 100, max: 2000, jitter: 'decorrelated', random: seeded(9) }).delays(),
      8,
    );
    expect(got).toEqual(expectedDecorrelated);
    for (const v of got) expect(v).toBeGreaterThanOrEqual(100);
    for (const v of got) expect(v).toBeLessThanOrEqual(2000);
  });

  test('each call of delays() starts a fresh sequence', () => {
    const b = exponential({ initial: 5, jitter: 'none' });
    take(b.delays(), 3);
    expect(take(b.delays(), 2)).toEqual([5, 10]);
    expect(take(constant(7, 2).delays(), 3)).toEqual([7, 7, undefined]);
  });

  test('bad options throw at construction, naming the option', () => {
    expect(() => exponential({ initial: -1 })).toThrow(
      /initial must be a non-negative, finite number of milliseconds, got -1 \(number\)/,
    );
    expect(() => exponential({ factor: 0 })).toThrow(/factor must be a positive, finite number, got 0/);
    expect(() => exponential({ jitter: 'half' as never })).toThrow(
      /jitter must be one of none, full, equal, decorrelated, got "half"/,
    );
    expect(() => exponential({ intial: 5 } as never)).toThrow(/unknown option "intial" of exponential/);
    expect(() => constant(Number.NaN)).toThrow(/delay must be/);
  });
});

describe('retry', () => {
  test('waits exactly the backoff schedule between attempts, on the clock', async () => {
    const starts: number[] = [];
    const policy = retry({ maxAttempts: 5, backoff: exponential({ initial: 100, jitter: 'none' }) });
    const result = track(
      policy.execute(({ attempt }) => {
        starts.push(clock.now());
        return attempt < 5 ? Promise.reject(new Error(`#${attempt}`)) : 'done';
      }),
    );
    await settle();
    expect(starts).toEqual([0]);
    await clock.advance(99);
    expect(starts).toEqual([0]);
    await clock.advance(1);
    expect(starts).toEqual([0, 100]);
    await clock.advance(1500);
    expect(starts).toEqual([0, 100, 300, 700, 1500]);
    expect(result).toEqual({ done: true, value: 'done' });
    expect(clock.pending).toBe(0);
  });

  test('a seeded jitter source gives the same schedule every run, capped by maxDelay', async () => {
    const runOnce = async () => {
      const delays: number[] = [];
      const policy = retry({
        maxAttempts: 6,
        maxDelay: 500,
        backoff: exponential({ initial: 100, jitter: 'full', random: seeded(1) }),
        onRetry: (e) => delays.push(e.delay),
      });
      const done = policy.execute(() => Promise.reject(new Error('x'))).catch(() => {});
      await clock.runAll();
      await done;
      return delays;
    };
    const a = await runOnce();
    const r = seeded(1);
    expect(a).toEqual([100, 200, 400, 800, 1600].map((d) => Math.min(500, r() * d)));
    expect(await runOnce()).toEqual(a);
  });

  test('after the last attempt, RetryError holds every attempt error in order', async () => {
    const policy = retry({ maxAttempts: 3, backoff: constant(10) });
    const done = policy
      .execute(({ attempt }) => Promise.reject(new Error(`failure ${attempt}`)))
      .catch((e) => e);
    await clock.runAll();
    const error = await done;
    expect(RetryError.is(error)).toBe(true);
    expect((error as RetryError).attempts).toBe(3);
    expect((error as RetryError).errors.map((e) => (e as Error).message)).toEqual([
      'failure 1',
      'failure 2',
      'failure 3',
    ]);
    expect((error as RetryError).cause).toBe((error as RetryError).errors[2]);
  });

  test('a finite backoff ends the retries as maxAttempts does', async () => {
    let calls = 0;
    const done = retry({ maxAttempts: Number.POSITIVE_INFINITY, backoff: [1, 2] })
      .execute(() => {
        calls++;
        throw new Error('sync throw counts as a rejection');
      })
      .catch((e) => e);
    await clock.runAll();
    expect(calls).toBe(3);
    expect(((await done) as RetryError).errors).toHaveLength(3);
  });

  test('retryIf refusing an error rethrows it at once, as it is', async () => {
    const fatal = new Error('fatal');
    let calls = 0;
    const policy = retry({ maxAttempts: 5, backoff: [0, 0, 0, 0], retryIf: (e) => e !== fatal });
    await expect(
      policy.execute(() => {
        calls++;
        return Promise.reject(calls < 2 ? new Error('transient') : fatal);
      }),
    ).rejects.toBe(fatal);
    expect(calls).toBe(2);
  });

  test('an abort during a backoff rejects at once with the reason, starts no attempt, leaves no timer or listener', async () => {
    const ac = new AbortController();
    let calls = 0;
    const result = track(
      retry({ maxAttempts: 5, backoff: [10_000] }).execute(
        () => {
          calls++;
          return Promise.reject(new Error('down'));
        },
        { signal: ac.signal },
      ),
    );
    await settle();
    expect(clock.pending).toBe(1);
    expect(listeners(ac.signal)).toBe(1);
    const reason = new Error('shutdown');
    ac.abort(reason);
    await settle();
    expect(result).toEqual({ done: true, error: reason });
    expect(clock.pending).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
    await clock.advance(20_000);
    expect(calls).toBe(1);
  });

  test("the policy's own signal stops every call's retries", async () => {
    const stop = new AbortController();
    const policy = retry({ maxAttempts: 5, backoff: [1000], signal: stop.signal });
    const a = track(policy.execute(() => Promise.reject(new Error('a'))));
    await settle();
    stop.abort('stopping');
    await settle();
    expect(a).toEqual({ done: true, error: 'stopping' });
    await expect(policy.execute(() => 'x')).rejects.toBe('stopping');
  });

  test('a long-lived signal keeps no listener after calls that succeeded or retried (p-retry #71, cockatiel #81)', async () => {
    const ac = new AbortController();
    const policy = retry({ maxAttempts: 3, backoff: [5, 5] });
    const calls = Array.from({ length: 200 }, (_, i) =>
      policy.execute(
        ({ attempt }) => (i % 2 === 0 && attempt === 1 ? Promise.reject(new Error('odd')) : 'ok'),
        {
          signal: ac.signal,
        },
      ),
    );
    await clock.runAll();
    await Promise.all(calls);
    await settle();
    expect(listeners(ac.signal)).toBe(0);
  });

  test('attempts are numbered from 1, and the success path makes no AbortController', async () => {
    const seen: number[] = [];
    const made = await countControllers(async () => {
      const p = retry({ maxAttempts: 3, backoff: [0, 0] }).execute(({ attempt }) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error('again');
        return attempt;
      });
      expect(await p).toBe(3);
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(made).toBe(0);
  });

  test("ctx.signal is the caller's signal", async () => {
    const ac = new AbortController();
    await retry().execute(({ signal }) => expect(signal).toBe(ac.signal), { signal: ac.signal });
    const fresh = await retry().execute(({ signal }) => signal);
    expect(fresh.aborted).toBe(false);
  });

  test('an already aborted signal rejects without calling the operation', async () => {
    let called = false;
    await expect(
      retry().execute(
        () => {
          called = true;
        },
        { signal: AbortSignal.abort('early') },
      ),
    ).rejects.toBe('early');
    expect(called).toBe(false);
  });

  test('bad options throw at construction, naming the option', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(
      /maxAttempts must be a positive integer or Infinity, got 0 \(number\)/,
    );
    expect(() => retry({ maxAttempts: '3' as never })).toThrow(/maxAttempts must be .*, got "3" \(string\)/);
    expect(() => retry({ maxAttempts: -1 })).toThrow(RangeError);
    expect(() => retry({ maxDelay: -5 })).toThrow(/maxDelay must be/);
    expect(() => retry({ backoff: 5 as never })).toThrow(/backoff must be a Backoff/);
    expect(() => retry({ backoff: [10, -1] })).toThrow(/backoff\[1\] must be a non-negative/);
    expect(() => retry({ retryIf: true as never })).toThrow(
      /retryIf must be a function, got true \(boolean\)/,
    );
    expect(() => retry({ attempts: 3 } as never)).toThrow(/unknown option "attempts" of retry/);
  });
});
