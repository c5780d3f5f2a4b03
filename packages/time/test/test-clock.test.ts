import { getDefaultClock } from '@async/core';
import { hostClock, setDefaultClock } from '@async/core/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Instant, pause, type Sleep, sleep, sleepUntil, TestClock, timeout } from '../src/index';

describe('TestClock', () => {
  test('time stands still until advance', async () => {
    using clock = TestClock.install();
    const start = clock.now();
    await new Promise((r) => setImmediate(r));
    expect(clock.now()).toBe(start);
    await clock.advance(1500);
    expect(clock.now()).toBe(start + 1500);
  });

  test('install makes it the default clock; dispose restores the previous one', () => {
    const before = getDefaultClock();
    {
      using clock = TestClock.install();
      expect(getDefaultClock()).toBe(clock);
      {
        using inner = pause({ start: 5 });
        expect(getDefaultClock()).toBe(inner);
      }
      expect(getDefaultClock()).toBe(clock);
    }
    expect(getDefaultClock()).toBe(before);
  });

  test('a clock installed with core setDefaultClock controls sleep too', async () => {
    const clock = new TestClock();
    using _ = setDefaultClock(clock);
    const s = sleep(10);
    expect(clock.pending).toBe(1);
    await clock.advance(10);
    expect(s.isElapsed()).toBe(true);
  });

  test('a chain of 10 sleeps of 60 s completes under one advance(600_000), in little real time', async () => {
    using clock = TestClock.install();
    const seen: number[] = [];
    const chain = (async () => {
      for (let i = 0; i < 10; i++) {
        await sleep(60_000);
        seen.push(clock.now());
      }
      return 'done';
    })();
    const real = performance.now();
    await clock.advance(600_000);
    expect(await chain).toBe('done');
    expect(seen).toEqual([60, 120, 180, 240, 300, 360, 420, 480, 540, 600].map((s) => s * 1000));
    expect(performance.now() - real).toBeLessThan(1000);
  });

  test('advance fires due timers in deadline order, ties in scheduling order, each at its deadline', async () => {
    using clock = TestClock.install();
    const log: string[] = [];
    for (const [name, ms] of [
      ['c', 30],
      ['a', 10],
      ['b1', 20],
      ['b2', 20],
      ['late', 100],
    ] as const) {
      void sleep(ms).then(() => log.push(`${name}@${clock.now()}`));
    }
    await clock.advance(50);
    expect(log).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(clock.now()).toBe(50);
    expect(clock.pending).toBe(1);
  });

  test('timers scheduled past the window stay pending; advance calls queue up', async () => {
    using clock = TestClock.install();
    const log: number[] = [];
    void sleep(70).then(() => log.push(clock.now()));
    const a = clock.advance(50);
    const b = clock.advance(50);
    await Promise.all([a, b]);
    expect(log).toEqual([70]);
    expect(clock.now()).toBe(100);
  });

  test('auto-advance jumps to the next timer when nothing else can run', async () => {
    using _clock = TestClock.install({ autoAdvance: true });
    const start = Instant.now();
    await sleep(5000);
    expect(start.elapsed()).toBe(5000);
    await Promise.all([sleep(100), sleep(300), sleep(200)]);
    expect(start.elapsed()).toBe(5300);
  });

  test('without auto-advance a timeout around a pending op waits for advance', async () => {
    using clock = TestClock.install();
    let settled = false;
    const t = timeout(100, new Promise(() => {})).catch(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await clock.advance(100);
    await t;
    expect(settled).toBe(true);
  });

  test('Clock interface: schedule and cancel', async () => {
    const clock = new TestClock({ start: 100 });
    const log: number[] = [];
    const a = clock.schedule(150, () => log.push(clock.now()));
    clock.schedule(120, () => log.push(clock.now()));
    clock.cancel(a);
    clock.cancel(a); // harmless twice
    await clock.advance(100);
    expect(log).toEqual([120]);
    expect(clock.pending).toBe(0);
  });

  test('runAll drains timers in order', async () => {
    const clock = new TestClock();
    const log: number[] = [];
    clock.schedule(30, () => log.push(30));
    clock.schedule(10, () => {
      log.push(10);
      clock.schedule(20, () => log.push(20));
    });
    expect(await clock.runAll()).toBe(3);
    expect(log).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(30);
  });

  test('advance rejects bad input', () => {
    const clock = new TestClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  test('the default clock is read at each call', async () => {
    using first = TestClock.install();
    const early = sleep(10);
    using second = TestClock.install();
    const late = sleep(10);
    expect(first.pending).toBe(1);
    expect(second.pending).toBe(1);
    await second.advance(10);
    expect([early.isElapsed(), late.isElapsed()]).toEqual([false, true]);
    await first.advance(10);
    expect(early.isElapsed()).toBe(true);
  });

  test('the default without a test clock is the host clock', () => {
    expect(getDefaultClock()).toBe(hostClock);
  });
});

describe('timer order', () => {
  test('property: mixed durations, deadlines, resets and cancels fire in exact (deadline, scheduling) order', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('until' as const), at: fc.integer({ min: 0, max: 120 }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('reset' as const),
        pick: fc.nat(),
        at: fc.integer({ min: 0, max: 120 }),
      }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        using clock = TestClock.install();
        // The model: live timers with deadline and scheduling order.
        type Live = { id: number; at: number; seq: number; s: Sleep };
        const live: Live[] = [];
        const fired: number[] = [];
        const expected: number[] = [];
        let seq = 0;
        let id = 0;
        const add = (s: Sleep) => {
          const me = { id: id++, at: s.deadline.ms, seq: seq++, s };
          live.push(me);
          s.then(
            () => fired.push(me.id),
            () => {},
          );
        };
        for (const o of ops) {
          if (o.kind === 'sleep') add(sleep(o.ms));
          else if (o.kind === 'until') add(sleepUntil(Math.max(o.at, clock.now())));
          else if (live.length > 0 && o.kind === 'cancel') {
            const [gone] = live.splice(o.pick % live.length, 1);
            gone!.s[Symbol.dispose]();
          } else if (live.length > 0 && o.kind === 'reset') {
            const me = live[o.pick % live.length]!;
            me.at = Math.max(o.at, clock.now());
            me.seq = seq++;
            me.s.reset(me.at);
          } else if (o.kind === 'advance') {
            const target = clock.now() + o.ms;
            live.sort((a, b) => a.at - b.at || a.seq - b.seq);
            while (live.length > 0 && live[0]!.at <= target) expected.push(live.shift()!.id);
            await clock.advance(o.ms);
            expect(fired).toEqual(expected);
          }
        }
        expect(clock.pending).toBe(live.length);
      }),
      { numRuns: 150 },
    );
  });
});
