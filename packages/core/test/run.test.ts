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

  test('rejects bad options at the call', async () => {
    await expect(run(async () => {}, { shutdownTimeout: -1 })).rejects.toThrow(RangeError);
    await expect(run('main' as never)).rejects.toThrow(TypeError);
  });
});
