import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { ClosedError, ReleasedError, Semaphore } from '../src/index';
import { settle, track } from './helpers';

describe('Semaphore', () => {
  test('bad input fails at the call', () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore(Number.NaN)).toThrow(RangeError);
    const sem = new Semaphore(1);
    expect(() => sem.acquire(-1)).toThrow(RangeError);
    expect(() => sem.acquire(0.5)).toThrow(RangeError);
    expect(() => sem.acquire(Semaphore.MAX_PERMITS + 1)).toThrow(RangeError);
    expect(() => sem.tryAcquire(-2)).toThrow(RangeError);
    expect(() => sem.addPermits(-1)).toThrow(RangeError);
  });

  test('a large request at the head blocks later small ones even when permits are free', async () => {
    const sem = new Semaphore(2);
    const held = await sem.acquire(2);
    const big = track(sem.acquire(3));
    const small = track(sem.acquire(1));
    sem.addPermits(1); // 1 free would satisfy `small`, but `big` is first
    await settle();
    expect(small.done).toBe(false);
    expect(sem.tryAcquire()).toBeUndefined();
    held.release(); // 1 + 2 = 3: big is served
    await settle();
    expect(big.done).toBe(true);
    expect(small.done).toBe(false);
    big.value!.release();
    await settle();
    expect(small.done).toBe(true);
  });

  test('released permits go to the head even partly; available reads 0 so tryAcquire cannot barge', async () => {
    const sem = new Semaphore(1);
    const big = track(sem.acquire(3)); // takes the free permit at once, needs 2 more
    expect(sem.available).toBe(0);
    sem.addPermits(1);
    expect(sem.available).toBe(0);
    expect(sem.tryAcquire()).toBeUndefined();
    sem.addPermits(1);
    await settle();
    expect(big.done).toBe(true);
    expect(big.value!.permits).toBe(3);
  });

  test('a cancelled acquire gives its partial permits to the next waiter', async () => {
    const sem = new Semaphore(2);
    const c = new AbortController();
    const big = sem.acquire(5, { signal: c.signal }); // holds 2 of 5
    const small = track(sem.acquire(2));
    expect(sem.available).toBe(0);
    c.abort(new Error('timeout'));
    await expect(big).rejects.toThrow('timeout');
    await settle();
    expect(small.done).toBe(true);
    expect(small.value!.permits).toBe(2);
  });

  test('a cancelled acquire with nobody behind returns its partial permits to the free count', async () => {
    const sem = new Semaphore(2);
    const c = new AbortController();
    const big = sem.acquire(5, { signal: c.signal });
    c.abort();
    await expect(big).rejects.toBeDefined();
    expect(sem.available).toBe(2);
  });

  test('close wakes every waiter with ClosedError; later tryAcquire reports Closed before NoPermits', async () => {
    const sem = new Semaphore(1);
    const held = await sem.acquire();
    const a = sem.acquire();
    const b = sem.acquire(2);
    sem.close();
    await expect(a).rejects.toSatisfy(ClosedError.is);
    await expect(b).rejects.toSatisfy(ClosedError.is);
    expect(() => sem.tryAcquire()).toThrow(ClosedError);
    await expect(sem.acquire()).rejects.toBeInstanceOf(ClosedError);
    await expect(sem.withPermit(() => 1)).rejects.toBeInstanceOf(ClosedError);
    held.release(); // permits held before close stay valid
    expect(sem.available).toBe(1);
    expect(sem.closed).toBe(true);
  });

  test('addPermits past MAX_PERMITS throws; forgetPermits returns how many were removed', () => {
    const sem = new Semaphore(Semaphore.MAX_PERMITS - 1);
    sem.addPermits(1);
    expect(() => sem.addPermits(1)).toThrow(RangeError);
    const small = new Semaphore(3);
    expect(small.forgetPermits(2)).toBe(2);
    expect(small.forgetPermits(5)).toBe(1);
    expect(small.available).toBe(0);
  });

  test('permit.forget shrinks the semaphore; split and merge move permits', async () => {
    const sem = new Semaphore(4);
    const p = await sem.acquire(3);
    const part = p.split(1)!;
    expect(p.permits).toBe(2);
    expect(p.split(5)).toBeUndefined();
    part.forget();
    expect(() => part.forget()).toThrow(ReleasedError);
    const q = sem.tryAcquire()!;
    p.merge(q);
    expect(p.permits).toBe(3);
    expect(q.released).toBe(true);
    expect(() => p.merge(new Semaphore(1).tryAcquire()!)).toThrow(RangeError);
    p.release();
    p.release(); // harmless
    expect(sem.available).toBe(3);
  });

  test('acquire(0) resolves at once with an empty permit', async () => {
    const sem = new Semaphore(0);
    const p = await sem.acquire(0);
    expect(p.permits).toBe(0);
    p.release();
    expect(sem.available).toBe(0);
  });

  test('withPermit limits concurrency, keeps FIFO, and releases on failure', async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        sem.withPermit(async () => {
          started.push(i);
          peak = Math.max(peak, ++running);
          await settle();
          running--;
          if (i % 5 === 0) throw new Error(`task ${i}`);
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect(sem.available).toBe(3);
    await expect(
      sem.withPermit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(sem.available).toBe(3);
  });

  test('withPermit with an aborted signal never runs fn', async () => {
    const sem = new Semaphore(0);
    const c = new AbortController();
    let ran = false;
    const p = sem.withPermit(
      () => {
        ran = true;
      },
      { signal: c.signal },
    );
    c.abort(new Error('no'));
    await expect(p).rejects.toThrow('no');
    sem.addPermits(1);
    await settle();
    expect(ran).toBe(false);
    expect(sem.available).toBe(1);
  });

  test('acquiring(): a select branch takes its FIFO place; losing hands assigned permits on', async () => {
    const sem = new Semaphore(1);
    const branch = sem.acquiring(2);
    let woken = 0;
    const unregister = branch[selectWait](() => woken++); // holds the 1 free permit of 2
    const next = track(sem.acquire(1));
    expect(sem.available).toBe(0);
    unregister();
    await settle();
    expect(next.done).toBe(true);
    expect(woken).toBe(0);
  });

  test('acquiring(): woken, then taken inside wake', async () => {
    const sem = new Semaphore(0);
    const branch = sem.acquiring(2);
    let taken: number | undefined;
    branch[selectWait](() => {
      taken = branch[selectTry]()?.value.permits;
    });
    sem.addPermits(2);
    expect(taken).toBe(2);
    expect(sem.available).toBe(0);
  });

  test('acquiring(): woken by close, selectTry throws ClosedError', () => {
    const sem = new Semaphore(0);
    const branch = sem.acquiring();
    let woken = false;
    branch[selectWait](() => (woken = true));
    sem.close();
    expect(woken).toBe(true);
    expect(() => branch[selectTry]()).toThrow(ClosedError);
  });
});

describe('Semaphore: one signal shared by several waiters', () => {
  test('aborting it rejects them all; permits freed by the first do not go to the next aborted one', async () => {
    const sem = new Semaphore(2);
    const c = new AbortController();
    const a = sem.acquire(3, { signal: c.signal }); // takes the 2 free permits, waits for 1 more
    const b = sem.acquire(2, { signal: c.signal }); // behind a, same signal
    const d = track(sem.acquire(1)); // behind both, no signal
    c.abort(new Error('request gone'));
    await expect(a).rejects.toThrow('request gone');
    await expect(b).rejects.toThrow('request gone');
    await settle();
    expect(d.done).toBe(true);
    expect(d.value!.permits).toBe(1);
    d.value!.release();
    expect(sem.available).toBe(2);
  });

  test('a mutex: every waiter on an aborted signal leaves, the lock stays with its holder', async () => {
    const { Mutex } = await import('../src/index');
    const m = new Mutex(0);
    const held = await m.lock();
    const c = new AbortController();
    const waits = [1, 2, 3].map(() => m.lock({ signal: c.signal }));
    const other = track(m.lock());
    c.abort(new Error('gone'));
    for (const w of waits) await expect(w).rejects.toThrow('gone');
    held.release();
    await settle();
    expect(other.done).toBe(true);
  });
});
