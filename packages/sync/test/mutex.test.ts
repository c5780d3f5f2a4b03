import { getEventListeners } from 'node:events';
import { selectTry, selectWait } from '@async/core';
import { describe, expect, test } from 'vitest';
import { Mutex, ReleasedError } from '../src/index';
import { settle, track } from './helpers';

describe('Mutex', () => {
  test('grants the lock in FIFO order', async () => {
    const m = new Mutex<string[]>([]);
    const first = await m.lock();
    const order: number[] = [];
    const waits = [1, 2, 3, 4].map((i) =>
      m.lock().then((g) => {
        order.push(i);
        g.release();
      }),
    );
    first.release();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  test('tryLock does not barge past a waiter', async () => {
    const m = new Mutex(0);
    const held = m.tryLock()!;
    const waiting = track(m.lock());
    held.release(); // handed straight to the waiter
    expect(m.tryLock()).toBeUndefined();
    await settle();
    expect(waiting.done).toBe(true);
  });

  test('guard: value get/set, release twice is harmless, use after release throws', async () => {
    const m = new Mutex({ n: 1 });
    const g = await m.lock();
    g.value = { n: 2 };
    expect(g.value.n).toBe(2);
    g.release();
    g.release();
    expect(g.released).toBe(true);
    expect(() => g.value).toThrow(ReleasedError);
    expect(() => {
      g.value = { n: 3 };
    }).toThrow(ReleasedError);
    expect(m.locked).toBe(false);
    // the second release did not unlock someone else's lock
    const other = await m.lock();
    g.release();
    expect(m.locked).toBe(true);
    expect(other.value.n).toBe(2);
  });

  test('using releases at scope exit', async () => {
    const m = new Mutex(0);
    {
      using g = await m.lock();
      g.value++;
      expect(m.locked).toBe(true);
    }
    expect(m.locked).toBe(false);
  });

  test('a cancelled lock loses its place and leaves the queue; the next waiter gets the lock', async () => {
    const m = new Mutex(0);
    const held = await m.lock();
    const c = new AbortController();
    const aborted = m.lock({ signal: c.signal });
    const next = track(m.lock());
    c.abort(new Error('bye'));
    await expect(aborted).rejects.toThrow('bye');
    held.release();
    await settle();
    expect(next.done).toBe(true);
    expect(next.value).toBeDefined();
  });

  test('100,000 locks that give up while the lock stays held all reject, and leave the queue', async () => {
    const m = new Mutex(0);
    const held = m.tryLock()!;
    const last = track(m.lock());
    let rejected = 0;
    for (let i = 0; i < 100_000; i++) {
      const c = new AbortController();
      m.lock({ signal: c.signal }).catch((e: Error) => {
        if (e.message === 'gave up') rejected++;
      });
      c.abort(new Error('gave up'));
    }
    await settle();
    expect(rejected).toBe(100_000);
    expect(last.done).toBe(false);
    held.release();
    await settle();
    expect(last.done).toBe(true);
  });

  test('an already-aborted signal rejects at once, even when the lock is free', async () => {
    const m = new Mutex(0);
    await expect(m.lock({ signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
    expect(m.locked).toBe(false);
  });

  test('runExclusive releases on fulfil, reject and synchronous throw', async () => {
    const m = new Mutex(0);
    expect(await m.runExclusive((g) => ++g.value)).toBe(1);
    await expect(
      m.runExclusive(async () => {
        throw new Error('async');
      }),
    ).rejects.toThrow('async');
    await expect(
      m.runExclusive(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(m.locked).toBe(false);
  });

  test('contended with an await inside: 100 tasks × 10,000 keep the invariant', async () => {
    const m = new Mutex({ count: 0, inside: 0 });
    const task = async () => {
      for (let i = 0; i < 10_000; i++) {
        const g = await m.lock();
        try {
          const state = g.value;
          state.inside++;
          if (state.inside !== 1) throw new Error('two holders');
          const seen = state.count;
          await null;
          state.count = seen + 1;
          state.inside--;
        } finally {
          g.release();
        }
      }
    };
    await Promise.all(Array.from({ length: 100 }, task));
    expect(m.tryLock()!.value.count).toBe(1_000_000);
  });

  test('locking() is a select branch: a loser leaves without taking the lock', async () => {
    const m = new Mutex('x');
    const held = m.tryLock()!;
    const branch = m.locking();
    expect(branch[selectTry]()).toBeUndefined();
    let woken = 0;
    const unregister = branch[selectWait](() => woken++);
    const later = track(m.lock());
    unregister(); // lost the select before the lock was free
    unregister();
    held.release();
    await settle();
    expect(woken).toBe(0);
    expect(later.done).toBe(true);
  });

  test('locking(): a branch woken but not taken hands the lock to the next waiter', async () => {
    const m = new Mutex('x');
    const held = m.tryLock()!;
    const branch = m.locking();
    let woken = 0;
    const unregister = branch[selectWait](() => woken++);
    const later = track(m.lock());
    held.release();
    expect(woken).toBe(1);
    unregister(); // select chose another branch
    await settle();
    expect(later.done).toBe(true);
  });

  test('a long-lived signal used for 1,000,000 waiting acquisitions leaves no listener', async () => {
    const m = new Mutex(0);
    const signal = new AbortController().signal;
    let most = 0;
    const task = async () => {
      for (let i = 0; i < 500_000; i++) {
        const g = await m.lock({ signal });
        g.value++;
        if (i % 50_000 === 0) most = Math.max(most, getEventListeners(signal, 'abort').length);
        await null;
        g.release();
      }
    };
    await Promise.all([task(), task()]);
    expect(m.tryLock()!.value).toBe(1_000_000);
    expect(most).toBeLessThanOrEqual(1);
    await settle();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
