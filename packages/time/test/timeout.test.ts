import { describe, expect, test } from 'vitest';
import { sleep, TestClock, TimeoutError, timeout, timeoutAt } from '../src/index';

const turn = () => new Promise<void>((r) => setImmediate(r));
const never = () => new Promise<never>(() => {});

describe('timeout', () => {
  test('resolves with the value of an operation that settles in time', async () => {
    using _ = TestClock.install();
    expect(await timeout(100, Promise.resolve(42))).toBe(42);
    expect(await timeout(100, async () => 'fn')).toBe('fn');
  });

  test('passes through the error of an operation that fails in time', async () => {
    using _ = TestClock.install();
    const e = new Error('boom');
    await expect(timeout(100, Promise.reject(e))).rejects.toBe(e);
    await expect(
      timeout(100, () => {
        throw e;
      }),
    ).rejects.toBe(e);
  });

  test('around a never-settling op, rejects exactly at the deadline', async () => {
    using clock = TestClock.install();
    let rejectedAt = -1;
    const t = timeout(250, never()).catch((e) => {
      rejectedAt = clock.now();
      return e;
    });
    await clock.advance(249);
    expect(rejectedAt).toBe(-1);
    await clock.advance(1);
    const error = await t;
    expect(rejectedAt).toBe(250);
    expect(TimeoutError.is(error)).toBe(true);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.name).toBe('TimeoutError');
    expect(error.code).toBe('ERR_TIMEOUT');
  });

  test('on expiry the signal given to the operation is aborted with the same TimeoutError', async () => {
    using clock = TestClock.install();
    let signal: AbortSignal | undefined;
    const t = timeout(10, (s) => {
      signal = s;
      return never();
    }).catch((e) => e);
    await clock.advance(10);
    const error = await t;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  test('zero duration: an already settled op still wins, as tokio polls the future first', async () => {
    using clock = TestClock.install();
    expect(await timeout(0, Promise.resolve('ready'))).toBe('ready');
    const t = timeout(0, never()).catch((e) => e);
    await clock.advance(0);
    expect(TimeoutError.is(await t)).toBe(true);
  });

  test('a past deadline: an already settled op wins; otherwise it times out at the next turn', async () => {
    using clock = TestClock.install({ start: 1000 });
    expect(await timeoutAt(10, Promise.resolve('ready'))).toBe('ready');
    const t = timeoutAt(10, never()).catch((e) => e);
    await clock.advance(0);
    expect(TimeoutError.is(await t)).toBe(true);
  });

  test('Infinity means no limit and holds no timer', async () => {
    using clock = TestClock.install();
    const p = timeout(Number.POSITIVE_INFINITY, sleep(1e9));
    expect(clock.pending).toBe(1); // the sleep's own timer only
    await clock.advance(1e9);
    await expect(p).resolves.toBeUndefined();
  });

  test('bad durations throw RangeError at the call', () => {
    expect(() => timeout(-1, Promise.resolve())).toThrow(RangeError);
    expect(() => timeout(Number.NaN, Promise.resolve())).toThrow(RangeError);
    expect(() => timeoutAt(Number.NaN, Promise.resolve())).toThrow(RangeError);
  });

  test('caller abort: rejects with the reason, removes the timer, aborts a function op', async () => {
    using clock = TestClock.install();
    const ac = new AbortController();
    let inner: AbortSignal | undefined;
    const t = timeout(
      1000,
      (s) => {
        inner = s;
        return never();
      },
      { signal: ac.signal },
    ).catch((e) => e);
    expect(clock.pending).toBe(1);
    ac.abort('bye');
    expect(clock.pending).toBe(0);
    expect(await t).toBe('bye');
    expect(inner?.reason).toBe('bye');
  });

  test('an already aborted signal rejects without starting the function', async () => {
    let started = false;
    await expect(
      timeout(
        10,
        async () => {
          started = true;
        },
        { signal: AbortSignal.abort('early') },
      ),
    ).rejects.toBe('early');
    expect(started).toBe(false);
  });

  test('a late settlement after expiry is ignored, and a late rejection is not unhandled', async () => {
    using clock = TestClock.install();
    let fail!: (e: unknown) => void;
    const op = new Promise((_, reject) => (fail = reject));
    const t = timeout(5, op).catch((e) => e);
    await clock.advance(5);
    expect(TimeoutError.is(await t)).toBe(true);
    fail(new Error('late'));
    await turn();
  });

  test('1,000,000 settled calls leave no pending timers and no listener on a shared signal', async () => {
    using clock = TestClock.install();
    const ac = new AbortController();
    let listeners = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => {
      listeners++;
      return add(...a);
    }) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      listeners--;
      return remove(...a);
    }) as typeof remove;
    const opts = { signal: ac.signal };
    const batch = 10_000;
    for (let round = 0; round < 1_000_000 / batch; round++) {
      const calls: Promise<number>[] = [];
      for (let i = 0; i < batch; i++) calls.push(timeout(1000, Promise.resolve(i), opts));
      await Promise.all(calls);
    }
    await turn();
    expect(clock.pending).toBe(0);
    expect(listeners).toBe(0);
  });
});
