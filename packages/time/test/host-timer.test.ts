/**
 * Delays beyond the host timer's range. Node and browsers fire a `setTimeout` whose delay exceeds
 * 2^31 − 1 ms (~24.8 days) after 1 ms instead. These tests replace the host's `setTimeout` and
 * `performance.now` with a fake host that behaves that way, and count how often a timer is armed.
 * In a file of its own: the system clock is one per process, and no other test may arm it meanwhile.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { sleep, TimeoutError, timeout } from '../src/index';

const MAX_HOST_DELAY = 2 ** 31 - 1;
const DAY = 86_400_000;

interface FakeTimer {
  callback: () => void;
  delay: number;
  armedAt: number;
  done: boolean;
  ref(): FakeTimer;
  unref(): FakeTimer;
}

let now = 0;
let timers: FakeTimer[] = [];

beforeEach(() => {
  now = 1000;
  timers = [];
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, delay: number) => {
    const timer: FakeTimer = {
      callback,
      delay,
      armedAt: now,
      done: false,
      ref: () => timer,
      unref: () => timer,
    };
    timers.push(timer);
    return timer;
  }) as never);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((timer: FakeTimer | undefined) => {
    if (timer !== undefined) timer.done = true;
  }) as never);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Runs the fake host as Node does, for at most `limit` timer firings: the earliest pending timer fires
 * after its delay, or after 1 ms when the delay is above the host's range. Returns how many fired.
 */
function runHost(limit: number): number {
  let fired = 0;
  while (fired < limit) {
    const pending = timers.filter((t) => !t.done);
    if (pending.length === 0) break;
    const due = (t: FakeTimer) => t.armedAt + (t.delay > MAX_HOST_DELAY ? 1 : Math.max(1, t.delay));
    const next = pending.reduce((a, b) => (due(b) < due(a) ? b : a));
    now = Math.max(now, due(next));
    next.done = true;
    next.callback();
    fired++;
  }
  return fired;
}

test('sleep(30 days) arms the host timer a few times in all, never beyond its range, and fires on time', () => {
  const start = now;
  const s = sleep(30 * DAY);
  const fired = runHost(100);
  expect(s.isElapsed()).toBe(true);
  expect(fired).toBe(2); // ~24.8 days, then the rest: chained, not re-armed every millisecond
  expect(Math.max(...timers.map((t) => t.delay))).toBeLessThanOrEqual(MAX_HOST_DELAY);
  expect(now).toBe(start + 30 * DAY);
  expect(s.deadline.ms).toBe(start + 30 * DAY); // the deadline stays exact
});

test('timeout(30 days, op) rejects at its deadline after a few host timers', async () => {
  const start = now;
  const call = timeout(30 * DAY, new Promise(() => {}));
  const seen = call.catch((e: unknown) => e);
  const fired = runHost(100);
  expect(fired).toBe(2);
  const error = await seen;
  expect(TimeoutError.is(error)).toBe(true);
  expect((error as TimeoutError).deadline).toBe(start + 30 * DAY);
  expect(now).toBe(start + 30 * DAY);
});

test('a short sleep armed while a long one waits still fires first, on time', () => {
  const long = sleep(60 * DAY);
  const short = sleep(10);
  runHost(1);
  expect(short.isElapsed()).toBe(true);
  expect(long.isElapsed()).toBe(false);
  expect(runHost(100)).toBe(3); // 60 days: 24.8 + 24.8 + the rest
  expect(long.isElapsed()).toBe(true);
});
