import { select } from '@async/core';
import { describe, expect, test } from 'vitest';
import { interval, sleep, TestClock } from '../src/index';

describe("with core's select", () => {
  test('the earlier sleep wins; the loser stays pending and keeps its timer', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const short = sleep(100);
    const long = sleep(300);
    const r = await select({ short, long });
    expect(r.key).toBe('short');
    expect(clock.now()).toBe(100);
    expect(long.isElapsed()).toBe(false);
    expect(clock.pending).toBe(1);
    await long;
    expect(clock.now()).toBe(300);
  });

  test('an interval branch yields its scheduled instant; losing a select consumes no tick', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const every = interval(100);
    await every.tick(); // 0
    const first = await select({ tick: every, late: sleep(50) });
    expect(first.key).toBe('late'); // tick 100 not due yet: nothing consumed
    const second = await select({ tick: every, late: sleep(500) });
    expect(second).toEqual({ key: 'tick', value: expect.objectContaining({ ms: 100 }) });
    expect(clock.now()).toBe(100);
    expect((await every.tick()).ms).toBe(200);
  });

  test('a sleep aborted during a select fails the select with the reason', async () => {
    using _ = TestClock.install();
    const ac = new AbortController();
    const s = sleep(1000, { signal: ac.signal });
    const r = select({ s, other: sleep(2000) }).catch((e) => e);
    ac.abort('stop');
    expect(await r).toBe('stop');
  });
});
