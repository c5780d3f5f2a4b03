import { CancelledError } from '@async/core';
import { TestClock } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hedge } from '../src/index';
import { listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

/** Attempts that each take `durations[i]` ms (or fail if the entry is an Error), recording their timeline. */
function attempts(durations: (number | Error)[]) {
  const log: string[] = [];
  let n = 0;
  const op = ({ signal }: { signal: AbortSignal }) => {
    const i = n++;
    const d = durations[i]!;
    log.push(`start ${i} @${clock.now()}`);
    return new Promise<string>((resolve, reject) => {
      const timer = clock.schedule(clock.now() + (d instanceof Error ? 0 : d), () => {
        if (d instanceof Error) {
          log.push(`fail ${i} @${clock.now()}`);
          reject(d);
        } else resolve(`attempt ${i}`);
      });
      signal.addEventListener('abort', () => {
        clock.cancel(timer);
        log.push(
          `abort ${i} @${clock.now()} (${CancelledError.is(signal.reason) ? 'lost' : String(signal.reason)})`,
        );
        reject(signal.reason);
      });
    });
  };
  return { op, log };
}

describe('hedge', () => {
  test('a fast first attempt starts no hedge and leaves no timer', async () => {
    const { op, log } = attempts([10]);
    const call = track(hedge({ delay: 50 }).execute(op));
    await clock.advance(100);
    expect(call.value).toBe('attempt 0');
    expect(log).toEqual(['start 0 @0']);
    expect(clock.pending).toBe(0);
  });

  test('timeline: a hedge starts each delay; the first success wins and the others are aborted', async () => {
    const { op, log } = attempts([1000, 500, 30]);
    const call = track(hedge({ delay: 50, maxHedged: 2 }).execute(op));
    await clock.advance(200);
    expect(call.value).toBe('attempt 2');
    expect(log).toEqual([
      'start 0 @0',
      'start 1 @50',
      'start 2 @100',
      'abort 0 @130 (lost)',
      'abort 1 @130 (lost)',
    ]);
    expect(clock.pending).toBe(0);
  });

  test('a failure starts the next hedge at once; when all fail, the last error is the outcome', async () => {
    const { op, log } = attempts([new Error('a'), new Error('b')]);
    const call = track(hedge({ delay: 1000 }).execute(op));
    await clock.advance(10);
    expect(log).toEqual(['start 0 @0', 'fail 0 @0', 'start 1 @0', 'fail 1 @0']);
    expect((call.error as Error).message).toBe('b');
  });

  test("the caller's abort aborts every attempt at once and leaves no listener", async () => {
    const { op, log } = attempts([1000, 1000]);
    const ac = new AbortController();
    const call = track(hedge({ delay: 50 }).execute(op, { signal: ac.signal }));
    await clock.advance(60);
    ac.abort('user');
    await settle();
    expect(call.error).toBe('user');
    expect(log).toEqual(['start 0 @0', 'start 1 @50', 'abort 0 @60 (user)', 'abort 1 @60 (user)']);
    expect(listeners(ac.signal)).toBe(0);
  });

  test('bad options throw, naming the option', () => {
    expect(() => hedge({ delay: -1 })).toThrow(
      /delay must be a non-negative, finite number of milliseconds, got -1/,
    );
    expect(() => hedge({ delay: 10, maxHedged: 0 })).toThrow(/maxHedged must be a positive integer, got 0/);
    expect(() => hedge(undefined as never)).toThrow(/hedge needs options/);
  });
});
