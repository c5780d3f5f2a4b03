import { afterEach, describe, expect, test } from 'vitest';
import { setDefaultClock } from '../src/clock';
import { run } from '../src/run';
import { spawn } from '../src/task';
import { untilAborted } from './helpers';
import { ManualClock } from './manual-clock';

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    report: (message: string, error?: unknown) => lines.push(`${message} ${error ?? ''}`.trim()),
  };
}

const sigintListeners = () => process.listenerCount('SIGINT');

describe('run', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('resolves with the number main returns, 0 for nothing, and sets process.exitCode', async () => {
    expect(await run(async () => 3, { exit: false })).toBe(3);
    expect(await run(async () => {}, { exit: false })).toBe(0);
    expect(process.exitCode).toBeUndefined();
    expect(await run(async () => 4)).toBe(4);
    expect(process.exitCode).toBe(4);
  });

  test('a main that throws gives exit code 1 and is reported', async () => {
    const r = recorder();
    expect(
      await run(async () => Promise.reject(new Error('broken')), { exit: false, report: r.report }),
    ).toBe(1);
    expect(r.lines).toEqual(['main failed: Error: broken']);
  });

  test('SIGINT aborts the root signal and gives 130; a second handler set is not left behind', async () => {
    const before = sigintListeners();
    const r = recorder();
    const code = run(
      async (signal) => {
        queueMicrotask(() => process.emit('SIGINT' as never, 'SIGINT' as never));
        await untilAborted(signal);
      },
      { exit: false, report: r.report },
    );
    expect(await code).toBe(130);
    expect(r.lines).toEqual([]);
    expect(sigintListeners()).toBe(before);
  });

  test('tasks still running when main returns are aborted, and run waits for them', async () => {
    let stopped = false;
    const code = await run(
      async () => {
        spawn(async (signal) => {
          await untilAborted(signal).catch(() => undefined);
          await null;
          stopped = true;
        });
      },
      { exit: false },
    );
    expect(code).toBe(0);
    expect(stopped).toBe(true);
  });

  test('a task that returns (not rejects) once its signal aborts ends the shutdown at once, unreported', async () => {
    // Its outcome is its value, not a JoinError: telling whether the root signal stopped it must not
    // read the outcome of a task that did not fail (that threw, and the wait ran out the grace period).
    const clock = new ManualClock();
    using _ = setDefaultClock(clock);
    const r = recorder();
    const code = run(
      async (signal) => {
        spawn(async (taskSignal) => {
          await untilAborted(taskSignal).catch(() => undefined);
          await null;
        });
        queueMicrotask(() => process.emit('SIGINT' as never, 'SIGINT' as never));
        await untilAborted(signal).catch(() => undefined);
      },
      { exit: false, shutdownTimeout: 1000, report: r.report },
    );
    let settled = false;
    void code.then(() => {
      settled = true;
    });
    for (let i = 0; i < 50 && !settled; i++) await null;
    expect(settled).toBe(true);
    expect(clock.pending).toBe(0);
    expect(await code).toBe(130);
    expect(r.lines).toEqual([]);
  });

  test('tasks that outlive the grace period (on the default clock) are reported and give code 1', async () => {
    const clock = new ManualClock();
    using _ = setDefaultClock(clock);
    const r = recorder();
    const code = run(
      async () => {
        spawn(() => new Promise(() => {}), { name: 'stubborn' });
      },
      { exit: false, shutdownTimeout: 1000, report: r.report },
    );
    for (let i = 0; i < 5; i++) await null;
    expect(clock.pending).toBe(1);
    clock.advance(999);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    expect(await code).toBe(1);
    expect(r.lines).toEqual(['main: 1 task(s) still running after the 1000 ms grace period: stubborn']);
  });

  test('a task failure nobody awaited is reported and gives code 1; an awaited one is not', async () => {
    const r = recorder();
    const code = await run(
      async () => {
        spawn(
          async () => {
            throw new Error('lost');
          },
          { name: 'orphan' },
        );
        const watched = spawn(async () => {
          throw new Error('seen');
        });
        await watched.then(undefined, () => undefined);
      },
      { exit: false, report: r.report },
    );
    expect(code).toBe(1);
    expect(r.lines).toEqual(["main: task 'orphan' failed and nobody awaited it: Error: lost"]);
  });

  test('throws at the call for a bad main or bad options, naming the parameter and what came', () => {
    expect(() => run(async () => {}, { shutdownTimeout: -1 })).toThrow(
      new RangeError('run: options.shutdownTimeout must be a number >= 0, got -1 (number)'),
    );
    expect(() => run(async () => {}, { shutdownTimeout: '10' as never })).toThrow(
      new TypeError('run: options.shutdownTimeout must be a number, got "10" (string)'),
    );
    expect(() => run('main' as never)).toThrow(
      new TypeError('run: main must be a function, got "main" (string)'),
    );
    expect(() => run(async () => {}, { shutdowntimeout: 10 } as never)).toThrow(
      /unknown option 'shutdowntimeout'/,
    );
    expect(() => run(async () => {}, { signals: 'SIGINT' as never })).toThrow(TypeError);
    expect(() => run(async () => {}, { exit: 0 as never })).toThrow(/options.exit must be a boolean, got 0/);
    expect(() => run(async () => {}, { report: 'stderr' as never })).toThrow(
      /options.report must be a function/,
    );
    expect(() => run(async () => {}, null as never)).toThrow(/options must be an object, got null/);
  });

  test('tasks stopped by a cancellation are never reported and leave the exit code at 0', async () => {
    const r = recorder();
    const code = await run(
      async (root) => {
        // Stopped by run's shutdown, rethrowing its own signal's reason.
        spawn(untilAborted, { name: 'ticker' });
        // Aborted by the program, and dropped.
        spawn(untilAborted, { name: 'aborted' }).abort();
        // Aborted through its signal option, rejecting with something else.
        const controller = new AbortController();
        spawn(
          async (signal) => {
            await untilAborted(signal).catch(() => undefined);
            throw new Error('stopped while flushing');
          },
          { signal: controller.signal, name: 'flusher' },
        );
        controller.abort();
        // Rethrowing the root signal's reason, which it watched itself.
        spawn(() => untilAborted(root), { name: 'root-watcher' });
        queueMicrotask(() => process.emit('SIGINT' as never, 'SIGINT' as never));
        await untilAborted(root).catch(() => undefined);
        for (let i = 0; i < 5; i++) await null;
      },
      { exit: false, report: r.report },
    );
    expect(r.lines).toEqual([]);
    expect(code).toBe(130);
  });

  test('an aborted task that nobody awaited while run ran does not change code 0', async () => {
    const r = recorder();
    const code = await run(
      async () => {
        const h = spawn(untilAborted);
        h.abort();
        await h.then(undefined, () => undefined);
        spawn(untilAborted).abort();
      },
      { exit: false, report: r.report },
    );
    expect([code, r.lines]).toEqual([0, []]);
  });
});
