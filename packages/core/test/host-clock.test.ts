/**
 * `hostClock` and delays beyond the host timer's range: Node and browsers fire a `setTimeout` whose
 * delay exceeds 2^31 − 1 ms (~24.8 days) after 1 ms. A fake host that behaves that way replaces
 * `setTimeout` and `performance.now`; the tests count the host timers armed.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { hostClock } from '../src/protocol';

const MAX_HOST_DELAY = 2 ** 31 - 1;
const DAY = 86_400_000;

interface FakeTimer {
  callback: () => void;
  delay: number;
  due: number;
  done: boolean;
}

let now = 0;
let timers: FakeTimer[] = [];

beforeEach(() => {
  now = 1000;
  timers = [];
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, delay: number) => {
    const due = now + (delay > MAX_HOST_DELAY ? 1 : Math.max(1, delay));
    const timer: FakeTimer = { callback, delay, due, done: false };
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

/** Fires the fake host's timers in due order, at most `limit` of them; returns how many fired. */
function runHost(limit: number): number {
  let fired = 0;
  for (; fired < limit; fired++) {
    const pending = timers.filter((t) => !t.done);
    if (pending.length === 0) break;
    const next = pending.reduce((a, b) => (b.due < a.due ? b : a));
    now = Math.max(now, next.due);
    next.done = true;
    next.callback();
  }
  return fired;
}

test('a callback 30 days out is not called early, and costs a few host timers', () => {
  const start = now;
  let calledAt = -1;
  hostClock.schedule(start + 30 * DAY, () => {
    calledAt = now;
  });
  expect(runHost(100)).toBe(2);
  expect(calledAt).toBe(start + 30 * DAY);
  expect(Math.max(...timers.map((t) => t.delay))).toBeLessThanOrEqual(MAX_HOST_DELAY);
});

test('cancelling a long timer between two links of its chain stops it', () => {
  let called = false;
  const handle = hostClock.schedule(now + 30 * DAY, () => {
    called = true;
  });
  runHost(1); // the first link fires and re-arms
  hostClock.cancel(handle);
  runHost(100);
  expect(called).toBe(false);
});
