import { getDefaultClock } from '@async/core';
import { hostClock } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { Instant, interval, sleep, systemClock, timeout } from '../src/index';

// These run on the real clock but never wait longer than one host timer turn (zero-length timers).

/** Host timers that keep the process alive right now. */
const liveTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('system clock', () => {
  test('is what the default hostClock maps to, with the same time', () => {
    expect(getDefaultClock()).toBe(hostClock);
    const a = hostClock.now();
    const b = systemClock.now();
    const c = hostClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(b).toBeLessThanOrEqual(c);
    expect(Instant.now().clock).toBe(systemClock);
  });

  test('zero-length sleeps and timeouts fire through the shared host timer, in order', async () => {
    const before = liveTimers();
    const order: number[] = [];
    const all = [sleep(0).then(() => order.push(1)), sleep(0).then(() => order.push(2))];
    const t = timeout(0, new Promise(() => {})).catch((e) => e.name);
    expect(liveTimers()).toBe(before + 1); // one host timer for all three
    await Promise.all(all);
    expect(order).toEqual([1, 2]);
    expect(await t).toBe('TimeoutError');
  });

  test('1,000,000 settled timeouts leave no host timer holding the process', async () => {
    const before = liveTimers();
    const batch = 10_000;
    for (let round = 0; round < 100; round++) {
      const calls: Promise<number>[] = [];
      for (let i = 0; i < batch; i++) calls.push(timeout(60_000, Promise.resolve(i)));
      await Promise.all(calls);
    }
    expect(liveTimers()).toBe(before);
  });

  test('a pending sleep holds the process as setTimeout does; unref lets it go; abort releases it', () => {
    const before = liveTimers();
    const quiet = new AbortController();
    const loud = new AbortController();
    const ignore = () => {};
    sleep(30_000, { unref: true, signal: quiet.signal }).then(ignore, ignore);
    expect(liveTimers()).toBe(before); // only a background timer: the process may exit
    sleep(60_000, { signal: loud.signal }).then(ignore, ignore);
    expect(liveTimers()).toBe(before + 1);
    loud.abort();
    expect(liveTimers()).toBe(before); // the background sleep is still pending, unref'd
    quiet.abort();
    expect(liveTimers()).toBe(before);
  });

  test('an interval waiting for a tick holds the process unless unref', async () => {
    const before = liveTimers();
    const ac = new AbortController();
    const i = interval(60_000, { signal: ac.signal, unref: true });
    await i.tick();
    const p = i.tick().catch(() => {});
    expect(liveTimers()).toBe(before);
    ac.abort();
    await p;
  });
});
