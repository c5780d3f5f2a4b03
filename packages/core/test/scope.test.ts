import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { scope } from '../src/scope';
import { untilAborted } from './helpers';

describe('scope', () => {
  test('returns the body value only after every child has settled', async () => {
    const events: string[] = [];
    const value = await scope(async (s) => {
      s.spawn(async () => {
        await new Promise((r) => setTimeout(r, 5));
        events.push('child done');
      });
      events.push('body done');
      return 'result';
    });
    events.push('scope returned');
    expect(value).toBe('result');
    expect(events).toEqual(['body done', 'child done', 'scope returned']);
  });

  test('the first child failure aborts the siblings and is rethrown unchanged', async () => {
    const boom = new Error('boom');
    const aborted: string[] = [];
    const error = await scope(async (s) => {
      s.spawn((signal) => untilAborted(signal).catch((e) => aborted.push('a') && Promise.reject(e)));
      s.spawn((signal) => untilAborted(signal).catch((e) => aborted.push('b') && Promise.reject(e)));
      s.spawn(async () => {
        await null;
        throw boom;
      });
    }).catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(aborted.sort()).toEqual(['a', 'b']);
  });

  test('a body failure aborts the children too, and waits for them', async () => {
    let childStopped = false;
    const error = await scope(async (s) => {
      s.spawn(async (signal) => {
        await untilAborted(signal).catch(() => undefined);
        childStopped = true;
      });
      throw new Error('body failed');
    }).catch((e: Error) => e);
    expect(error.message).toBe('body failed');
    expect(childStopped).toBe(true);
  });

  test('later independent failures are attached as `suppressed`, cancellations are not', async () => {
    const first = new Error('first');
    const second = new Error('second');
    const error = await scope(async (s) => {
      s.spawn(async () => {
        throw first;
      });
      s.spawn(async (signal) => {
        await untilAborted(signal).catch(() => undefined);
        throw second;
      });
      s.spawn(untilAborted);
    }).catch((e: unknown) => e);
    expect(error).toBe(first);
    expect((error as { suppressed: unknown[] }).suppressed).toEqual([second]);
  });

  test('the outer signal aborts the children, and the scope rejects with its reason', async () => {
    const controller = new AbortController();
    const running = scope(
      async (s) => {
        const child = s.spawn(untilAborted);
        await child;
      },
      { signal: controller.signal },
    );
    const outer = new Error('outer');
    controller.abort(outer);
    await expect(running).rejects.toBe(outer);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('leaves no listener on a long-lived outer signal once it ends', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 100; i++)
      await scope(async (s) => s.spawn(async () => i), { signal: controller.signal });
    await null;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('spawning into a scope that has ended throws', async () => {
    let escaped: { spawn(fn: () => Promise<void>): unknown } | undefined;
    await scope(async (s) => {
      escaped = s;
    });
    expect(() => escaped!.spawn(async () => {})).toThrow(/ended/);
  });

  test('throws at the call for a non-function body or bad options, naming the parameter', () => {
    expect(() => scope(3 as never)).toThrow(new TypeError('scope: body must be a function, got 3 (number)'));
    expect(() => scope(async () => {}, { signal: 'x' as never })).toThrow(
      /scope: options.signal must be an AbortSignal, got "x" \(string\)/,
    );
    expect(() => scope(async () => {}, { sigal: undefined } as never)).toThrow(/unknown option 'sigal'/);
  });

  test("a child's spawn refuses a signal option (its signal is the scope's) and a non-function", async () => {
    await scope(async (s) => {
      expect(() => s.spawn(async () => {}, { signal: new AbortController().signal } as never)).toThrow(
        /Scope.spawn: options has an unknown option 'signal'/,
      );
      expect(() => s.spawn(undefined as never)).toThrow(/Scope.spawn: fn must be a function, got undefined/);
    });
  });
});
