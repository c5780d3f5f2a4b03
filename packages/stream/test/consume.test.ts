import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import {
  collect,
  fold,
  forEach,
  iter,
  map,
  pending,
  pipe,
  reduce,
  repeat,
  stream,
  take,
  toArray,
} from '../src/index';
import { flush, probe } from './helpers';

describe('terminal operators', () => {
  test('fold and reduce', async () => {
    expect(
      await pipe(
        [1, 2, 3],
        fold('', (a, x) => a + x),
      ),
    ).toBe('123');
    expect(
      await pipe(
        probe([1, 2, 3]),
        reduce((a, b) => a * b),
      ),
    ).toBe(6);
    expect(
      await pipe(
        [1, 2],
        reduce((a, b) => a + b, 10),
      ),
    ).toBe(13);
    await expect(
      pipe(
        [] as number[],
        reduce((a, b) => a + b),
      ),
    ).rejects.toThrow(TypeError);
    expect(await stream([1, 2, 3]).reduce((a, b) => a + b)).toBe(6);
  });

  test('collect and toArray', async () => {
    expect(await pipe(probe('ab'), collect())).toEqual(['a', 'b']);
    expect(await pipe(new Set([1, 2]), toArray())).toEqual([1, 2]);
    expect(await stream(probe([1])).toArray()).toEqual([1]);
  });

  test('forEach awaits each call in order', async () => {
    const log: string[] = [];
    await pipe(
      [1, 2],
      forEach(async (x) => {
        log.push(`start ${x}`);
        await Promise.resolve();
        log.push(`end ${x}`);
      }),
    );
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  test('a terminal over take() returns upstream once done', async () => {
    const p = probe([1, 2, 3, 4]);
    expect(
      await pipe(
        p,
        map((x) => x),
        take(2),
        fold(0, (a, b) => a + b),
      ),
    ).toBe(3);
    expect(p.finalized).toBe(true);
    expect(p.pulled).toBe(2);
  });

  test('an error in the folding function returns upstream and rejects', async () => {
    const p = probe([1, 2, 3]);
    await expect(
      pipe(
        p,
        fold(0, (_a, x) => {
          if (x === 2) throw new Error('fold');
          return x;
        }),
      ),
    ).rejects.toThrow('fold');
    expect(p.finalized).toBe(true);
  });

  test('sync sources run without a stage too', async () => {
    expect(
      await pipe(
        iter([1, 2, 3]),
        fold(0, (a, b) => a + b),
      ),
    ).toBe(6);
  });

  test('a signal stops a terminal: rejects with its reason, returns upstream, leaves no listener', async () => {
    const controller = new AbortController();
    const source = probe(
      (function* () {
        for (let i = 0; ; i++) yield i;
      })(),
    );
    const seen: number[] = [];
    const done = pipe(
      source,
      map((x: number) => x),
      forEach(
        (x: number) => {
          seen.push(x);
          if (x === 3) controller.abort(new Error('stop'));
        },
        { signal: controller.signal },
      ),
    );
    await expect(done).rejects.toThrow('stop');
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(source.finalized).toBe(true);
    await flush();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('a signal aborts a pull that never completes, and an async forEach body', async () => {
    const c1 = new AbortController();
    const stuck = pipe(pending<number>(), collect({ signal: c1.signal }));
    await flush();
    c1.abort(new Error('stuck'));
    await expect(stuck).rejects.toThrow('stuck');

    const c2 = new AbortController();
    const slow = stream([1, 2]).forEach(
      async () => {
        await new Promise(() => {});
      },
      { signal: c2.signal },
    );
    await flush();
    c2.abort(new Error('slow'));
    await expect(slow).rejects.toThrow('slow');
  });

  test('a signal stops a source that is always ready', async () => {
    const controller = new AbortController();
    const all = pipe(repeat(1), collect({ signal: controller.signal }));
    controller.abort(new Error('enough'));
    await expect(all).rejects.toThrow('enough');
  });

  test('an aborted signal rejects at once without pulling', async () => {
    const source = probe([1]);
    await expect(
      pipe(
        source,
        fold(0, (a, b) => a + b, { signal: AbortSignal.abort(new Error('early')) }),
      ),
    ).rejects.toThrow('early');
    expect(source.pulled).toBe(0);
  });

  test('with a signal, a forEach body returning true does not stop the stream', async () => {
    const seen: number[] = [];
    await pipe(
      [1, 2, 3],
      forEach(
        (x: number) => {
          seen.push(x);
          return true;
        },
        { signal: new AbortController().signal },
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(await pipe(repeat(1), take(2), toArray({ signal: new AbortController().signal }))).toEqual([1, 1]);
  });
});
