import { TestClock } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SupervisorError, supervise } from '../src/index';
import { listeners, settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

describe('supervise', () => {
  test('restarts after failures with the backoff, and resolves once the task returns', async () => {
    const starts: number[] = [];
    const sup = supervise(
      ({ restart }) => {
        starts.push(clock.now());
        return restart < 3 ? Promise.reject(new Error(`crash ${restart}`)) : 'stable';
      },
      { maxRestarts: 5, backoff: [100, 200, 400] },
    );
    const outcome = track(sup);
    await clock.advance(1000);
    expect(outcome.value).toBe('stable');
    expect(starts).toEqual([0, 100, 300, 700]);
    expect(sup.history.map((e) => [e.restart, e.at, e.delay, e.outcome])).toEqual([
      [1, 0, 100, 'failed'],
      [2, 100, 200, 'failed'],
      [3, 300, 400, 'failed'],
    ]);
    expect(sup.running).toBe(false);
  });

  test('gives up with SupervisorError after maxRestarts within the window', async () => {
    const sup = supervise(() => Promise.reject(new Error('bad')), { maxRestarts: 2, backoff: [10, 10, 10] });
    const outcome = track(sup);
    await clock.advance(100);
    expect(SupervisorError.is(outcome.error)).toBe(true);
    expect((outcome.error as SupervisorError).restarts).toBe(2);
    expect(((outcome.error as SupervisorError).cause as Error).message).toBe('bad');
  });

  test('restarts spread wider than the window never exhaust the budget', async () => {
    let runs = 0;
    const sup = supervise(
      () => {
        runs++;
        return runs < 10 ? Promise.reject(new Error('rare crash')) : 'done';
      },
      {
        maxRestarts: 2,
        within: 1000,
        backoff: () =>
          (function* () {
            for (;;) yield 600;
          })(),
      },
    );
    const outcome = track(sup);
    await clock.advance(10_000);
    // 600 ms apart: at most 2 restarts fall in any 1000 ms window
    expect(outcome.value).toBe('done');
    expect(sup.restarts).toBe(9);
    const fast = track(
      supervise(() => Promise.reject(new Error('x')), {
        maxRestarts: 2,
        within: 1000,
        backoff: () =>
          (function* () {
            for (;;) yield 400;
          })(),
      }),
    );
    await clock.advance(10_000);
    expect(SupervisorError.is(fast.error)).toBe(true); // 3 restarts within 800 ms
  });

  test("restart: 'always' restarts a task that returns, counting it in the history", async () => {
    let runs = 0;
    const sup = supervise(() => ++runs, { restart: 'always', maxRestarts: 3, backoff: [5, 5, 5, 5] });
    const outcome = track(sup);
    await clock.advance(100);
    expect(runs).toBe(4);
    expect(sup.history.every((e) => e.outcome === 'completed')).toBe(true);
    expect(SupervisorError.is(outcome.error)).toBe(true);
  });

  test('stopping during a backoff ends it at once; the task signal aborts; no unhandled rejection, no listener', async () => {
    const ac = new AbortController();
    let taskSignal!: AbortSignal;
    const sup = supervise(
      ({ signal }) => {
        taskSignal = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
      { signal: ac.signal, backoff: [10_000] },
    );
    await settle();
    ac.abort('shutdown'); // nobody awaits `sup`: must not be an unhandled rejection
    await settle();
    expect(taskSignal.aborted).toBe(true);
    expect(sup.running).toBe(false);
    expect(sup.restarts).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
    await expect(sup).rejects.toBe('shutdown');

    const stopped = supervise(() => Promise.reject(new Error('x')), { backoff: [60_000] });
    await settle();
    stopped.abort();
    await settle();
    expect(stopped.running).toBe(false);
    expect(clock.pending).toBe(0);
  });

  test('a supervisor given an already aborted signal, that nobody awaits, is no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let ran = false;
      const sup = supervise(() => (ran = true), { signal: AbortSignal.abort('too late') });
      await settle();
      await settle();
      expect(unhandled).toEqual([]);
      expect(ran).toBe(false);
      expect(sup.running).toBe(false);
      await expect(sup).rejects.toBe('too late');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('bad options throw, naming the option', () => {
    expect(() => supervise(() => 1, { maxRestarts: -1 })).toThrow(
      /maxRestarts must be a non-negative integer, got -1/,
    );
    expect(() => supervise(() => 1, { within: 0 })).toThrow(
      /within must be a positive number of milliseconds, got 0/,
    );
    expect(() => supervise(() => 1, { restart: 'never' as never })).toThrow(
      /restart must be 'on-failure' or 'always', got "never"/,
    );
    expect(() => supervise('task' as never)).toThrow(/task must be a function, got task \(string\)/);
  });
});
