import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { join, tryJoin } from '../src/join';

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));

describe('join', () => {
  test('runs operations concurrently and keeps the shape: array or object', async () => {
    const started: string[] = [];
    const [a, b] = await join([
      async () => {
        started.push('a');
        return delay(5, 1);
      },
      async () => {
        started.push('b');
        return 'two';
      },
    ]);
    expect([a, b]).toEqual([1, 'two']);
    expect(started).toEqual(['a', 'b']);
    expect(await join({ x: Promise.resolve(1), y: async () => true })).toEqual({ x: 1, y: true });
    expect(await join([])).toEqual([]);
  });

  test('waits for every operation even when one fails, then rejects with the first failure', async () => {
    let slowFinished = false;
    const error = await join([
      Promise.reject(new Error('first')),
      delay(10, 0).then(() => {
        slowFinished = true;
      }),
      delay(1, 0).then(() => Promise.reject(new Error('second'))),
    ]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe('first');
    expect(slowFinished).toBe(true);
  });

  test('a signal rejects at once with its reason and aborts started functions', async () => {
    const controller = new AbortController();
    let aborted = false;
    const running = join(
      [
        (signal: AbortSignal) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
      ],
      { signal: controller.signal },
    );
    controller.abort('stop');
    await expect(running).rejects.toBe('stop');
    expect(aborted).toBe(true);
  });

  test('bad input is a TypeError at the call', () => {
    expect(() => join([1 as never])).toThrow(TypeError);
    expect(() => tryJoin(null as never)).toThrow(TypeError);
  });
});

describe('tryJoin', () => {
  test('resolves with every value when all succeed', async () => {
    expect(await tryJoin([async () => 1, Promise.resolve(2)])).toEqual([1, 2]);
  });

  test('rejects at the first failure, without waiting, and aborts the functions still running', async () => {
    let aborted = false;
    const error = await tryJoin({
      slow: (signal: AbortSignal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          }),
        ),
      fails: delay(1, 0).then(() => Promise.reject(new Error('fail fast'))),
      never: new Promise(() => {}),
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe('fail fast');
    expect(aborted).toBe(true);
  });

  test('a synchronous throw in a function counts as its failure', async () => {
    await expect(
      tryJoin([
        () => {
          throw new Error('sync');
        },
      ]),
    ).rejects.toThrow('sync');
  });

  test('leaves no listener on a long-lived signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 100; i++) await tryJoin([delay(0, i)], { signal: controller.signal });
    await null;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
