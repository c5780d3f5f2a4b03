import { selectTry, selectWait } from '@async/core/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Interval, interval, intervalAt, type MissedTickBehavior, TestClock } from '../src/index';

/** Takes every tick due now, synchronously, as tokio's test polls until Pending. */
function drain(i: Interval): number[] {
  const out: number[] = [];
  for (let r = i[selectTry](); r !== undefined; r = i[selectTry]()) out.push(r.value.ms);
  return out;
}

// Period 300 ms, first tick at 0; the consumer stalls from 300 to 950. Each row: the time the
// consumer looks, and the ticks it gets then, by tokio's rules (interval.rs `poll_tick`, `next_timeout`):
// burst: deadline + p; delay: now + p; skip: now + p - ((now - deadline) mod p).
const table: Record<MissedTickBehavior, [number, number[]][]> = {
  burst: [
    [0, [0]],
    [100, []],
    [300, [300]],
    [950, [600, 900]],
    [1150, []],
    [1250, [1200]],
    [1500, [1500]],
    [1800, [1800]],
  ],
  delay: [
    [0, [0]],
    [100, []],
    [300, [300]],
    [950, [600]],
    [1200, []],
    [1250, [1250]],
    [1550, [1550]],
  ],
  skip: [
    [0, [0]],
    [100, []],
    [300, [300]],
    [950, [600]],
    [1150, []],
    [1250, [1200]],
    [1500, [1500]],
  ],
};

describe('interval', () => {
  for (const behavior of ['burst', 'delay', 'skip'] as const) {
    test(`${behavior}: tick instants after a stall follow tokio's rule`, async () => {
      using clock = TestClock.install();
      const i = intervalAt(0, 300, { missedTick: behavior });
      for (const [at, ticks] of table[behavior]) {
        await clock.advanceTo(at);
        expect([at, drain(i)]).toEqual([at, ticks]);
      }
    });
  }

  test("burst is the default, as tokio's", () => {
    using _ = TestClock.install();
    expect(interval(10).missedTick).toBe('burst');
  });

  test('the first tick is immediate', async () => {
    using _ = TestClock.install({ start: 42 });
    const i = interval(1000);
    expect((await i.tick()).ms).toBe(42);
  });

  test('a tick at most 5 ms late is not a missed tick (the schedule is kept for every behaviour)', async () => {
    for (const behavior of ['burst', 'delay', 'skip'] as const) {
      using clock = TestClock.install();
      const i = interval(100, { missedTick: behavior });
      drain(i);
      await clock.advanceTo(105);
      expect(drain(i)).toEqual([100]);
      expect(i.nextTick.ms).toBe(200);
      await clock.advanceTo(306);
      // 106 ms late: now it is a miss, handled per behaviour.
      expect(drain(i)).toEqual(behavior === 'burst' ? [200, 300] : [200]);
      expect(i.nextTick.ms).toBe(behavior === 'delay' ? 406 : 400);
    }
  });

  test('period 0, negative, NaN or infinite: RangeError; unknown behaviour: RangeError', () => {
    using _ = TestClock.install();
    for (const p of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => interval(p)).toThrow(RangeError);
    expect(() => interval(10, { missedTick: 'later' as MissedTickBehavior })).toThrow(RangeError);
  });

  test('tick() waits for the next tick and yields its scheduled instant', async () => {
    using clock = TestClock.install();
    const i = interval(100);
    await i.tick();
    let got = -1;
    const p = i.tick().then((t) => (got = t.ms));
    await clock.advance(99);
    expect(got).toBe(-1);
    await clock.advance(1);
    await p;
    expect(got).toBe(100);
  });

  test('concurrent tick() callers are served in order, one tick each', async () => {
    using clock = TestClock.install();
    const i = interval(10);
    const got = await Promise.all([i.tick(), i.tick(), i.tick(), clock.advance(20)]);
    expect(got.slice(0, 3).map((t) => t?.ms)).toEqual([0, 10, 20]);
  });

  test('an aborted tick consumes no tick and leaves no timer', async () => {
    using clock = TestClock.install();
    const i = interval(10);
    await i.tick();
    const ac = new AbortController();
    const p = i.tick({ signal: ac.signal });
    expect(clock.pending).toBe(1);
    ac.abort('stop');
    await expect(p).rejects.toBe('stop');
    expect(clock.pending).toBe(0);
    await clock.advance(10);
    expect((await i.tick()).ms).toBe(10);
  });

  test("the interval's signal ends async iteration by throwing its reason", async () => {
    using clock = TestClock.install();
    const ac = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const t of interval(100, { signal: ac.signal })) seen.push(t.ms);
    })();
    await clock.advance(250);
    ac.abort(new Error('shutdown'));
    await expect(loop).rejects.toThrow('shutdown');
    expect(seen).toEqual([0, 100, 200]);
    expect(clock.pending).toBe(0);
  });

  test('an idle interval holds no timer', async () => {
    using clock = TestClock.install();
    const i = interval(10);
    await i.tick();
    await clock.advance(100);
    expect(clock.pending).toBe(0);
  });

  test('reset: the next tick is one period from now; resetImmediately: now; resetAfter: ms from now', async () => {
    using clock = TestClock.install();
    const i = interval(100);
    drain(i);
    await clock.advance(30);
    i.reset();
    expect(i.nextTick.ms).toBe(130);
    i.resetImmediately();
    expect(drain(i)).toEqual([30]);
    i.resetAfter(7);
    expect(i.nextTick.ms).toBe(37);
    expect(() => i.resetAfter(-1)).toThrow(RangeError);
  });

  test('resetAt while a tick() waits moves its wake-up', async () => {
    using clock = TestClock.install();
    const i = interval(100);
    drain(i);
    let got = -1;
    void i.tick().then((t) => (got = t.ms));
    i.resetAt(40);
    await clock.advance(40);
    expect(got).toBe(40);
    expect(i.nextTick.ms).toBe(140);
  });

  test('selectable: a losing select consumes no tick; wake comes once the tick is due', async () => {
    using clock = TestClock.install();
    const i = interval(10);
    drain(i);
    let woke = 0;
    const unregister = i[selectWait](() => woke++);
    expect(clock.pending).toBe(1);
    unregister(); // lost the select: nothing consumed, no timer left
    expect(clock.pending).toBe(0);
    i[selectWait](() => woke++);
    await clock.advance(10);
    expect(woke).toBe(1);
    expect(drain(i)).toEqual([10]);
  });

  test('resetAt a past instant catches up per the behaviour (burst replays, skip jumps ahead)', async () => {
    for (const [behavior, expected] of [
      ['burst', [100, 200, 300]],
      ['skip', [100]],
      ['delay', [100]],
    ] as const) {
      using clock = TestClock.install();
      const i = interval(100, { missedTick: behavior });
      drain(i);
      await clock.advanceTo(350);
      i.resetAt(100); // the old schedule (ticks 100, 200, 300 missed) is replaced by one starting at 100
      expect(drain(i)).toEqual(expected);
    }
  });

  test('intervalAt starts at the given instant', async () => {
    using clock = TestClock.install();
    const i = intervalAt(clock.now() + 50, 10);
    expect(drain(i)).toEqual([]);
    await clock.advance(50);
    expect(drain(i)).toEqual([50]);
  });

  test('property: burst never loses a tick, and every behaviour yields increasing, period-spaced-or-more ticks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<MissedTickBehavior>('burst', 'delay', 'skip'),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 20 }),
        async (behavior, period, steps) => {
          using clock = TestClock.install();
          const i = interval(period, { missedTick: behavior });
          const ticks: number[] = [];
          for (const step of steps) {
            await clock.advance(step);
            ticks.push(...drain(i));
          }
          const now = clock.now();
          for (let k = 1; k < ticks.length; k++)
            expect(ticks[k]! - ticks[k - 1]!).toBeGreaterThanOrEqual(period);
          for (const t of ticks) expect(t).toBeLessThanOrEqual(now);
          if (behavior === 'burst') {
            expect(ticks).toEqual(Array.from({ length: Math.floor(now / period) + 1 }, (_, k) => k * period));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
