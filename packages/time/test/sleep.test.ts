import { CancelledError } from '@async/core';
import { selectTry, selectWait } from '@async/core/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Instant, type Sleep, sleep, sleepUntil, TestClock } from '../src/index';

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('sleep', () => {
  test('completes at its deadline, not before', async () => {
    using clock = TestClock.install();
    const s = sleep(1000);
    let done = false;
    void s.then(() => (done = true));
    await clock.advance(999);
    expect(done).toBe(false);
    expect(s.isElapsed()).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
    expect(s.isElapsed()).toBe(true);
    expect(s.deadline.ms).toBe(1000);
  });

  test('sleep(0) never completes synchronously, and completes on the next timer turn', async () => {
    using clock = TestClock.install();
    const s = sleep(0);
    expect(s.isElapsed()).toBe(false);
    await clock.advance(0);
    expect(s.isElapsed()).toBe(true);
  });

  test('sleepUntil a past deadline completes at the next timer turn', async () => {
    using clock = TestClock.install({ start: 500 });
    const s = sleepUntil(100);
    await clock.advance(0);
    expect(s.isElapsed()).toBe(true);
  });

  test('sleepUntil takes an Instant', async () => {
    using clock = TestClock.install();
    const s = sleepUntil(Instant.now().add(20));
    await clock.advance(19);
    expect(s.isElapsed()).toBe(false);
    await clock.advance(1);
    expect(s.isElapsed()).toBe(true);
  });

  test('bad durations: RangeError; Infinity never completes and holds no timer', () => {
    using clock = TestClock.install();
    expect(() => sleep(-1)).toThrow(RangeError);
    expect(() => sleep(Number.NaN)).toThrow(RangeError);
    expect(() => sleep('5' as unknown as number)).toThrow(TypeError);
    expect(() => sleepUntil(Number.NaN)).toThrow(RangeError);
    const s = sleep(Number.POSITIVE_INFINITY);
    expect(clock.pending).toBe(0);
    expect(s.isElapsed()).toBe(false);
  });

  test('reset moves the wake-up later', async () => {
    using clock = TestClock.install();
    const s = sleep(100);
    let at = -1;
    void s.then(() => (at = clock.now()));
    await clock.advance(50);
    s.reset(250);
    await clock.advance(100);
    expect(at).toBe(-1);
    await clock.advance(100);
    expect(at).toBe(250);
  });

  test('reset moves the wake-up earlier', async () => {
    using clock = TestClock.install();
    const s = sleep(1000);
    let at = -1;
    void s.then(() => (at = clock.now()));
    s.reset(Instant.now().add(10));
    await clock.advance(10);
    expect(at).toBe(10);
    expect(clock.pending).toBe(0);
  });

  test('reset after elapsing makes the sleep pending again', async () => {
    using clock = TestClock.install();
    const s = sleep(10);
    await clock.advance(10);
    expect(s.isElapsed()).toBe(true);
    s.reset(clock.now() + 10);
    expect(s.isElapsed()).toBe(false);
    let done = false;
    void s.then(() => (done = true));
    await clock.advance(5);
    expect(done).toBe(false);
    await clock.advance(5);
    expect(done).toBe(true);
  });

  test('aborting removes the timer and the listener at once, and rejects with the reason', async () => {
    using clock = TestClock.install();
    const ac = new AbortController();
    const s = sleep(1000, { signal: ac.signal });
    expect(clock.pending).toBe(1);
    const reason = new Error('stop');
    ac.abort(reason);
    expect(clock.pending).toBe(0);
    await expect(s).rejects.toBe(reason);
    expect(() => s[selectTry]()).toThrow(reason);
  });

  test('an already aborted signal: rejects, schedules nothing', async () => {
    using clock = TestClock.install();
    const s = sleep(1000, { signal: AbortSignal.abort('no') });
    expect(clock.pending).toBe(0);
    await expect(s).rejects.toBe('no');
  });

  test('a long-lived signal keeps no listener once sleeps are done', async () => {
    using clock = TestClock.install();
    const ac = new AbortController();
    let added = 0;
    let removed = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      return add(...args);
    }) as typeof add;
    ac.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      return remove(...args);
    }) as typeof remove;
    const sleeps = Array.from({ length: 1000 }, (_, i) => sleep(i % 10, { signal: ac.signal }));
    expect(added).toBe(1);
    await clock.advance(10);
    await Promise.all(sleeps);
    await turn();
    expect(removed).toBe(1);
  });

  test('dispose drops the timer; an awaiting caller gets a CancelledError', async () => {
    using clock = TestClock.install();
    const s = sleep(1000);
    const p = s.then(
      () => 'ok',
      (e) => e,
    );
    s[Symbol.dispose]();
    expect(clock.pending).toBe(0);
    expect(CancelledError.is(await p)).toBe(true);
  });

  test('selectable: selectTry consumes nothing; wake is called once when it elapses', async () => {
    using clock = TestClock.install();
    const s: Sleep = sleep(10);
    expect(s[selectTry]()).toBeUndefined();
    let wakes = 0;
    const unregister = s[selectWait](() => wakes++);
    const other = s[selectWait](() => wakes++);
    other(); // unregistering one leaves the other
    await clock.advance(10);
    expect(wakes).toBe(1);
    unregister(); // harmless after wake
    expect(s[selectTry]()).toEqual({ value: undefined });
    expect(s[selectTry]()).toEqual({ value: undefined }); // stays elapsed
  });

  test('then follows promise rules: chains, several callers, a throwing callback rejects its own promise', async () => {
    using clock = TestClock.install();
    const s = sleep(10);
    let syncCall = false;
    const a = s.then(() => 'a');
    const b = s
      .then(() => {
        throw new Error('b');
      })
      .catch((e: Error) => `caught ${e.message}`);
    const c = s.then().then(() => 'c');
    await clock.advance(10);
    expect(await a).toBe('a');
    expect(await b).toBe('caught b');
    expect(await c).toBe('c');
    const late = s.then(() => (syncCall = true)); // already elapsed: still called asynchronously
    expect(syncCall).toBe(false);
    await late;
    expect(syncCall).toBe(true);
  });

  test('then on a pending sleep never calls back synchronously; abort goes to onRejected', async () => {
    using _ = TestClock.install();
    const ac = new AbortController();
    const s = sleep(10, { signal: ac.signal });
    const seen: string[] = [];
    const p = s.then(
      () => seen.push('fulfilled'),
      (reason) => seen.push(`rejected ${reason}`),
    );
    expect(seen).toEqual([]);
    ac.abort('stop');
    await p;
    expect(seen).toEqual(['rejected stop']);
  });

  test('unref: a sleep may be marked not to hold the process', async () => {
    // Behaviour of the host timer is checked in the system clock tests; here the option is accepted.
    using clock = TestClock.install();
    const s = sleep(5, { unref: true });
    await clock.advance(5);
    expect(s.isElapsed()).toBe(true);
  });

  test('property: sleeps fire in deadline order, each at its deadline, under any advance steps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 10 }),
        async (durations, steps) => {
          using clock = TestClock.install();
          const fired: { i: number; at: number }[] = [];
          durations.forEach((ms, i) => {
            void sleep(ms).then(() => fired.push({ i, at: clock.now() }));
          });
          for (const step of steps) await clock.advance(step);
          const total = steps.reduce((a, b) => a + b, 0);
          const expected = durations
            .map((ms, i) => ({ i, at: ms }))
            .filter((e) => e.at <= total)
            .sort((a, b) => a.at - b.at || a.i - b.i);
          expect(fired).toEqual(expected);
          expect(clock.pending).toBe(durations.length - expected.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
