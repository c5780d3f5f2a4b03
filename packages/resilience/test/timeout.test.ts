import { TestClock, TimeoutError } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { timeout } from '../src/index';
import { countControllers, listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

/** An operation that settles only when its signal aborts, rejecting with the reason. */
const honours = ({ signal }: { signal: AbortSignal }) =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );

describe('timeout', () => {
  test('a call in time resolves; no AbortController is made when the operation never reads its signal', async () => {
    const limit = timeout(1000);
    const made = await countControllers(async () => {
      for (let i = 0; i < 100; i++) expect(await limit.execute(() => i)).toBe(i);
    });
    expect(made).toBe(0);
    await expect(limit.execute(() => Promise.reject(new Error('own')))).rejects.toThrow('own');
  });

  test('at the deadline the signal aborts with a TimeoutError and the call rejects with it', async () => {
    const limit = timeout(1000);
    let seen: unknown;
    const call = track(limit.execute((ctx) => honours(ctx).catch((e) => Promise.reject((seen = e)))));
    await clock.advance(999);
    expect(call.done).toBe(false);
    await clock.advance(1);
    expect(TimeoutError.is(call.error)).toBe(true);
    expect(seen).toBe(call.error);
  });

  test('aggressive: an operation that ignores its signal is abandoned at the deadline, its late result ignored', async () => {
    const limit = timeout(100);
    let finish!: (v: string) => void;
    let fail!: (e: Error) => void;
    const a = track(limit.execute(() => new Promise<string>((r) => (finish = r))));
    const b = track(limit.execute(() => new Promise<string>((_, r) => (fail = r))));
    await clock.advance(100);
    expect(TimeoutError.is(a.error)).toBe(true);
    expect(TimeoutError.is(b.error)).toBe(true);
    finish('late');
    fail(new Error('late failure')); // swallowed: no unhandled rejection
    await settle();
    expect(TimeoutError.is(a.error)).toBe(true);
  });

  test('cooperative: the call waits for the operation; a late value stands, a rejection becomes the TimeoutError', async () => {
    const limit = timeout(100, { mode: 'cooperative' });
    let finish!: (v: string) => void;
    const ignoring = track(limit.execute(() => new Promise<string>((r) => (finish = r))));
    const honouring = track(limit.execute(honours));
    await clock.advance(100);
    expect(ignoring.done).toBe(false);
    expect(TimeoutError.is(honouring.error)).toBe(true);
    await clock.advance(50);
    finish('late but done');
    await settle();
    expect(ignoring).toEqual({ done: true, value: 'late but done' });
  });

  test('calls started at different times each get their own deadline, with one timer', async () => {
    const limit = timeout(100);
    const calls: ReturnType<typeof track>[] = [];
    for (let i = 0; i < 5; i++) {
      calls.push(track(limit.execute(honours)));
      await clock.advance(10);
    }
    expect(clock.pending).toBe(1);
    await clock.advance(50); // t = 100: the first is due
    expect(calls.map((c) => c.done)).toEqual([true, false, false, false, false]);
    await clock.advance(20); // t = 120
    expect(calls.map((c) => c.done)).toEqual([true, true, true, false, false]);
    await clock.advance(20);
    expect(calls.every((c) => TimeoutError.is(c.error))).toBe(true);
    expect(clock.pending).toBe(0);
  });

  test("the caller's abort rejects at once with its reason, aborts the operation, and leaves no listener", async () => {
    const limit = timeout(10_000);
    const ac = new AbortController();
    let seen: unknown;
    const call = track(
      limit.execute((ctx) => honours(ctx).catch((e) => Promise.reject((seen = e))), { signal: ac.signal }),
    );
    const ignoring = track(limit.execute(() => new Promise(() => {}), { signal: ac.signal }));
    await settle();
    ac.abort('cancelled by user');
    await settle();
    expect(call).toEqual({ done: true, error: 'cancelled by user' });
    expect(ignoring).toEqual({ done: true, error: 'cancelled by user' });
    expect(seen).toBe('cancelled by user');
    expect(listeners(ac.signal)).toBe(0);
  });

  test('a long-lived signal through many calls keeps no listener', async () => {
    const limit = timeout(1000);
    const ac = new AbortController();
    for (let i = 0; i < 1000; i++) await limit.execute(({ signal }) => signal.aborted, { signal: ac.signal });
    await settle();
    expect(listeners(ac.signal)).toBe(0);
  });

  test('bad input throws at construction, naming the parameter', () => {
    expect(() => timeout(-1)).toThrow(
      /ms must be a non-negative, finite number of milliseconds, got -1 \(number\)/,
    );
    expect(() => timeout(Number.NaN)).toThrow(/ms must be/);
    expect(() => timeout(10, { mode: 'hard' as never })).toThrow(
      /mode must be 'aggressive' or 'cooperative', got "hard"/,
    );
  });
});
