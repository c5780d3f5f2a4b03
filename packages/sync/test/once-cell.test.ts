import { describe, expect, test } from 'vitest';
import { OnceCell, SetError } from '../src/index';
import { settle, track } from './helpers';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

describe('OnceCell', () => {
  test('concurrent getOrInit callers wait for the one in flight and share its value', async () => {
    const cell = new OnceCell<number>();
    const d = deferred<number>();
    let runs = 0;
    const init = () => {
      runs++;
      return d.promise;
    };
    const a = track(cell.getOrInit(init));
    const b = track(cell.getOrInit(init));
    await settle();
    expect(runs).toBe(1);
    expect(cell.get()).toBeUndefined();
    d.resolve(7);
    await settle();
    expect([a.value, b.value]).toEqual([7, 7]);
    expect(cell.initialized).toBe(true);
    expect(await cell.getOrInit(init)).toBe(7);
    expect(runs).toBe(1);
  });

  test('a failed initialiser rejects its caller and lets the next waiter try', async () => {
    const cell = new OnceCell<string>();
    const first = cell.getOrInit(async () => {
      throw new Error('first failed');
    });
    const second = cell.getOrInit(async () => 'second');
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe('second');
  });

  test('a synchronously throwing initialiser behaves as a failed one', async () => {
    const cell = new OnceCell<string>();
    await expect(
      cell.getOrInit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(await cell.getOrInit(() => 'ok')).toBe('ok');
  });

  test('an aborted initialising caller lets the next waiter try; its late value is ignored', async () => {
    const cell = new OnceCell<string>();
    const c = new AbortController();
    const slow = deferred<string>();
    let seen: AbortSignal | undefined;
    const first = cell.getOrInit(
      (signal) => {
        seen = signal;
        return slow.promise;
      },
      { signal: c.signal },
    );
    const second = track(cell.getOrInit(async () => 'second'));
    c.abort(new Error('gave up'));
    expect(seen?.aborted).toBe(true);
    await expect(first).rejects.toThrow('gave up');
    await settle();
    expect(second.value).toBe('second');
    slow.resolve('late');
    await settle();
    expect(cell.get()).toBe('second');
  });

  test('an aborted waiting caller leaves the queue', async () => {
    const cell = new OnceCell<number>();
    const d = deferred<number>();
    cell.getOrInit(() => d.promise);
    const c = new AbortController();
    const waiting = cell.getOrInit(() => 2, { signal: c.signal });
    c.abort(new Error('no'));
    await expect(waiting).rejects.toThrow('no');
    d.resolve(1);
    await settle();
    expect(cell.get()).toBe(1);
  });

  test('set fails with initialized or initializing and hands the value back', async () => {
    const cell = new OnceCell<number>();
    const d = deferred<number>();
    const init = cell.getOrInit(() => d.promise);
    expect(() => cell.set(1)).toThrow(expect.objectContaining({ reason: 'initializing', value: 1 }));
    d.resolve(2);
    await init;
    let error: unknown;
    try {
      cell.set(3);
    } catch (e) {
      error = e;
    }
    expect(SetError.is(error) && error.reason === 'initialized' && error.value === 3).toBe(true);
    expect(new OnceCell(5).get()).toBe(5);
    const empty = new OnceCell<number>();
    empty.set(4);
    expect(await empty.getOrInit(() => 9)).toBe(4);
  });
});
