import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CancelledError, JoinError } from '../src/errors';
import { spawn } from '../src/task';
import { untilAborted } from './helpers';

const settle = <T>(p: PromiseLike<T>) =>
  Promise.resolve(p).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('spawn', () => {
  test('resolves with the task value', async () => {
    expect(await spawn(async () => 42)).toBe(42);
    expect(await spawn(() => 'sync value')).toBe('sync value');
  });

  test('starts the task at once, running it up to its first await', () => {
    const steps: string[] = [];
    spawn(async () => {
      steps.push('task started');
      await null;
      steps.push('task resumed');
    });
    steps.push('spawn returned');
    expect(steps).toEqual(['task started', 'spawn returned']);
  });

  test('a throwing task rejects with a JoinError whose isFailure() is true and cause is the error', async () => {
    const boom = new Error('boom');
    const r = await settle(spawn(async () => Promise.reject(boom), { name: 'worker' }));
    expect(r.ok).toBe(false);
    const e = (r as { error: JoinError }).error;
    expect(JoinError.is(e)).toBe(true);
    expect(e.isFailure()).toBe(true);
    expect(e.isCancelled()).toBe(false);
    expect(e.cause).toBe(boom);
    expect(e.message).toContain("'worker'");
  });

  test('a synchronous throw is a failure too, not an exception from spawn', async () => {
    const handle = spawn(() => {
      throw new Error('sync');
    });
    const r = await settle(handle);
    expect((r as { error: JoinError }).error.isFailure()).toBe(true);
  });

  test('abort() aborts the task signal and the handle rejects as cancelled (rule: abort -> Cancelled)', async () => {
    let seen: unknown;
    const handle = spawn((signal) => {
      signal.addEventListener('abort', () => (seen = signal.reason));
      return untilAborted(signal);
    });
    handle.abort();
    const r = await settle(handle);
    const e = (r as { error: JoinError }).error;
    expect(e.isCancelled()).toBe(true);
    expect(CancelledError.is(seen)).toBe(true);
    expect(e.cause).toBe(seen);
  });

  test('abort() on a finished task changes nothing (rule: unless the task already finished)', async () => {
    const handle = spawn(async () => 1);
    await handle;
    handle.abort();
    expect(await handle).toBe(1);
  });

  test('is_finished stays false until the cancelled task has actually stopped', async () => {
    let stop!: () => void;
    const handle = spawn((signal) => new Promise<void>((_, reject) => (stop = () => reject(signal.reason))));
    handle.abort();
    expect(handle.isFinished()).toBe(false);
    stop();
    await settle(handle);
    expect(handle.isFinished()).toBe(true);
  });

  test('a task that still returns a value after abort delivers it (nothing it produced is lost)', async () => {
    const handle = spawn(async (_signal) => {
      await null;
      return 'kept';
    });
    handle.abort();
    expect(await handle).toBe('kept');
  });

  test('aborting twice and awaiting twice are harmless', async () => {
    const handle = spawn(untilAborted);
    handle.abort();
    handle.abort(new Error('second reason is ignored'));
    const [a, b] = await Promise.all([settle(handle), settle(handle)]);
    expect((a as { error: JoinError }).error).toBe((b as { error: JoinError }).error);
    expect(CancelledError.is((a as { error: JoinError }).error.cause)).toBe(true);
  });

  test('options.signal aborts the task with its reason, and leaves no listener once the task ends', async () => {
    const controller = new AbortController();
    const handle = spawn(untilAborted, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort('shutdown');
    const r = await settle(handle);
    expect((r as { error: JoinError }).error.cause).toBe('shutdown');

    const long = new AbortController();
    await spawn(async () => 1, { signal: long.signal });
    await null;
    expect(getEventListeners(long.signal, 'abort')).toHaveLength(0);
  });

  test('an already-aborted options.signal cancels the task before its function runs', async () => {
    let ran = false;
    const handle = spawn(
      async () => {
        ran = true;
      },
      { signal: AbortSignal.abort('early') },
    );
    const r = await settle(handle);
    expect((r as { error: JoinError }).error.isCancelled()).toBe(true);
    expect((r as { error: JoinError }).error.cause).toBe('early');
    expect(ran).toBe(false);
  });

  test('a function that declares no parameter is given no signal', async () => {
    let args = -1;
    await spawn(function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: the test inspects what the task was called with.
      args = arguments.length === 0 || arguments[0] === undefined ? 0 : 1;
    });
    expect(args).toBe(0);
  });

  test("a task rethrowing its signal's reason after abort() is cancelled, not failed, and still rejects", async () => {
    const h = spawn((signal) => untilAborted(signal), { name: 'ticker' });
    const reason = new Error('no longer needed');
    h.abort(reason);
    const r = await settle(h);
    const e = (r as { error: JoinError }).error;
    expect(JoinError.is(e) && e.isCancelled()).toBe(true);
    expect(e.cause).toBe(reason);
    expect(e.message).toBe("task 'ticker' was cancelled");
  });

  test('a task whose signal option aborts is cancelled whatever it rejects with', async () => {
    const controller = new AbortController();
    const h = spawn(
      async (signal) => {
        await untilAborted(signal).catch(() => undefined);
        throw new Error('cleanup failed');
      },
      { signal: controller.signal },
    );
    controller.abort();
    const e = (await settle(h)) as { error: JoinError };
    expect(e.error.isCancelled()).toBe(true);
  });

  test('rejects a non-function at the call with a TypeError', () => {
    expect(() => spawn(42 as never)).toThrow(TypeError);
  });

  test('an unobserved failure surfaces as an unhandled rejection of its JoinError, as any promise', () => {
    const src = fileURLToPath(new URL('../src/task.ts', import.meta.url));
    const script = `
      process.on('unhandledRejection', (e) => { console.log('unhandled', e.name, e.cause.message); process.exit(0); });
      const { spawn } = await import(${JSON.stringify(src)});
      spawn(async () => { throw new Error('nobody looked'); });
      setTimeout(() => { console.log('not reported'); process.exit(1); }, 1000);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(out.stdout.trim()).toBe('unhandled JoinError nobody looked');
  });

  test('a failure observed later is not reported as unhandled', () => {
    const src = fileURLToPath(new URL('../src/task.ts', import.meta.url));
    const script = `
      let reported = false;
      process.on('unhandledRejection', () => { reported = true; });
      const { spawn } = await import(${JSON.stringify(src)});
      const handle = spawn(async () => { throw new Error('x'); });
      handle.then(undefined, () => console.log('handled'));
      setTimeout(() => console.log(reported ? 'reported' : 'quiet'), 50);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(out.stdout.trim().split('\n')).toEqual(['handled', 'quiet']);
  });
});
