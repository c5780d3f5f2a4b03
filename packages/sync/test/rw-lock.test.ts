import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { ReleasedError, RwLock } from '../src/index';
import { settle, track } from './helpers';

describe('RwLock', () => {
  test('readers proceed concurrently', async () => {
    const lock = new RwLock(0);
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        using r = await lock.read();
        peak = Math.max(peak, ++inside);
        await settle();
        inside--;
        return r.value;
      }),
    );
    expect(peak).toBe(5);
  });

  test('a waiting writer blocks later readers: writers are not starved', async () => {
    const lock = new RwLock('v1');
    const reader = await lock.read();
    const writer = track(lock.write());
    const lateReader = track(lock.read());
    await settle();
    expect(writer.done).toBe(false);
    expect(lateReader.done).toBe(false); // not granted while an earlier write waits
    expect(lock.tryRead()).toBeUndefined();
    reader.release();
    await settle();
    expect(writer.done).toBe(true);
    expect(lateReader.done).toBe(false);
    writer.value!.value = 'v2';
    writer.value!.release();
    await settle();
    expect(lateReader.value!.value).toBe('v2');
  });

  test('a steady stream of readers cannot starve a writer', async () => {
    const lock = new RwLock(0);
    let stop = false;
    let reads = 0;
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const r = await lock.read();
        reads++;
        await null;
        r.release();
      }
    });
    for (let i = 0; i < 100; i++) await null; // readers come and go on microtasks alone
    const w = await lock.write(); // granted although readers keep coming
    stop = true;
    w.release();
    await Promise.all(readers);
    expect(reads).toBeGreaterThan(0);
  });

  test('maxReaders bounds concurrent readers; 0 is refused', async () => {
    expect(() => new RwLock(0, { maxReaders: 0 })).toThrow(RangeError);
    expect(() => new RwLock(0, { maxReaders: 2 ** 29 })).toThrow(RangeError);
    const lock = new RwLock(0, { maxReaders: 2 });
    const a = lock.tryRead()!;
    lock.tryRead()!;
    expect(lock.tryRead()).toBeUndefined();
    a.release();
    expect(lock.tryRead()).toBeDefined();
  });

  test('downgrade keeps read access, lets waiting readers in, keeps writers out', async () => {
    const lock = new RwLock(1);
    const w = await lock.write();
    const reader = track(lock.read());
    const writer = track(lock.write());
    w.value = 2;
    const r = w.downgrade();
    expect(w.released).toBe(true);
    expect(() => w.value).toThrow(ReleasedError);
    expect(() => w.downgrade()).toThrow(ReleasedError);
    await settle();
    expect(reader.done).toBe(true);
    expect(writer.done).toBe(false);
    expect(r.value).toBe(2);
    r.release();
    reader.value!.release();
    await settle();
    expect(writer.done).toBe(true);
  });

  test('a cancelled write hands its gathered read permits on', async () => {
    const lock = new RwLock(0, { maxReaders: 3 });
    const r = await lock.read();
    const c = new AbortController();
    const w = lock.write({ signal: c.signal }); // holds 2 of 3 permits
    const r2 = track(lock.read());
    await settle();
    expect(r2.done).toBe(false);
    c.abort(new Error('timeout'));
    await expect(w).rejects.toThrow('timeout');
    await settle();
    expect(r2.done).toBe(true);
    r.release();
  });

  test('guards: release twice is harmless, use after release throws', async () => {
    const lock = new RwLock('x');
    const r = await lock.read();
    r.release();
    r.release();
    expect(() => r.value).toThrow(ReleasedError);
    const w = await lock.write();
    w.release();
    w.release();
    expect(() => {
      w.value = 'y';
    }).toThrow(ReleasedError);
    expect(lock.tryWrite()).toBeDefined();
  });

  test('reading()/writing() are select branches that leave without taking anything', async () => {
    const lock = new RwLock(0);
    const w = lock.tryWrite()!;
    const branch = lock.reading();
    expect(branch[selectTry]()).toBeUndefined();
    const unregister = branch[selectWait](() => {});
    unregister();
    w.release();
    expect(lock.writing()[selectTry]()?.value.value).toBe(0);
  });
});
