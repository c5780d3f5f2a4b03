// The select branches of @async/sync raced in core's `select`: the winner takes, the losers take nothing.
import { select } from '@async/core';
import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { Mutex, Notify, RwLock, Semaphore } from '../src/index';
import { settle, track } from './helpers';

describe('select over sync branches', () => {
  test('a ready lock wins at once, without registering anything', async () => {
    const m = new Mutex(1);
    const notify = new Notify();
    const r = await select({ lock: m.locking(), note: notify.notified() }, { biased: true });
    expect(r.key).toBe('lock');
    if (r.key === 'lock') r.value.release();
    expect(m.locked).toBe(false);
  });

  test('notified wins; the losing lock branch leaves the queue and the lock goes to the next waiter', async () => {
    const m = new Mutex('x');
    const held = m.tryLock()!;
    const notify = new Notify();
    const racing = select({ lock: m.locking(), note: notify.notified() });
    const later = m.lock();
    await settle();
    notify.notifyOne();
    const r = await racing;
    expect(r.key).toBe('note');
    held.release();
    const g = await later; // not swallowed by the losing branch
    expect(g.value).toBe('x');
    g.release();
    expect(m.locked).toBe(false);
  });

  test('acquiring loses to a function: its place and partial permits go to the next waiter', async () => {
    const sem = new Semaphore(1);
    let resolveFast!: (v: string) => void;
    const racing = select({
      permits: sem.acquiring(2), // takes the free permit, waits for one more
      fast: () => new Promise<string>((r) => (resolveFast = r)),
    });
    const next = sem.acquire(1);
    await settle();
    expect(sem.available).toBe(0);
    resolveFast('done');
    expect(await racing).toEqual({ key: 'fast', value: 'done' });
    const p = await next;
    expect(p.permits).toBe(1);
    p.release();
    expect(sem.available).toBe(1);
  });

  test('a lock that frees up is taken by the waiting select', async () => {
    const lock = new RwLock(0);
    const w = lock.tryWrite()!;
    const racing = select({ read: lock.reading(), never: new Promise<never>(() => {}) });
    await settle();
    w.release();
    const r = await racing;
    expect(r.key).toBe('read');
    if (r.key === 'read') {
      expect(r.value.value).toBe(0);
      r.value.release();
    }
    expect(lock.tryWrite()).toBeDefined();
  });

  test('a notifyOne that reaches a losing Notified is passed to the next waiter', async () => {
    const notify = new Notify();
    let resolveOther!: () => void;
    const other = new Promise<void>((r) => (resolveOther = r));
    const racing = select({ note: notify.notified(), other }, { biased: true });
    await settle();
    const behind = notify.notified();
    behind.enable();
    resolveOther();
    await racing; // `other` won; the note branch was unregistered before any notification
    notify.notifyOne();
    await behind;
  });

  describe('one branch object raced by two selects at once', () => {
    test('mutex.locking(): each select keeps its own place, and both get the lock in turn', async () => {
      const m = new Mutex(0);
      const held = m.tryLock()!;
      const branch = m.locking();
      const first = track(select({ lock: branch }));
      const second = track(select({ lock: branch }));
      await settle();
      held.release();
      await settle();
      expect([first.done, second.done]).toEqual([true, false]); // one lock, one winner, in order
      first.value!.value.release();
      await settle();
      expect(second.done).toBe(true);
      second.value!.value.release();
      expect(m.locked).toBe(false);
    });

    test('rwlock.reading(): one writer leaving lets both selects read', async () => {
      const lock = new RwLock('v');
      const writer = lock.tryWrite()!;
      const branch = lock.reading();
      const a = track(select({ read: branch }));
      const b = track(select({ read: branch }));
      await settle();
      writer.release();
      await settle();
      expect([a.done, b.done]).toEqual([true, true]);
      a.value!.value.release();
      b.value!.value.release();
      expect(lock.tryWrite()).toBeDefined();
    });

    test('semaphore.acquiring(2): a registration granted but never taken hands its permits to the other', () => {
      const sem = new Semaphore(0);
      const branch = sem.acquiring(2);
      let wokenFirst = 0;
      let wokenSecond = 0;
      const unregisterFirst = branch[selectWait](() => wokenFirst++);
      const unregisterSecond = branch[selectWait](() => wokenSecond++);
      sem.addPermits(2);
      expect([wokenFirst, wokenSecond]).toEqual([1, 0]); // FIFO: the first registration's grant
      unregisterFirst(); // its select won elsewhere before trying: the grant goes on
      expect(wokenSecond).toBe(1);
      const permit = branch[selectTry]()!.value;
      expect(permit.permits).toBe(2);
      unregisterSecond();
      unregisterFirst(); // idempotent: gives nothing back twice
      expect(sem.available).toBe(0);
      permit.release();
      expect(sem.available).toBe(2);
    });

    test('notify.notified(): each notifyOne serves one select, and neither hangs', async () => {
      const notify = new Notify();
      const branch = notify.notified();
      const a = track(select({ note: branch }));
      const b = track(select({ note: branch }));
      await settle();
      notify.notifyOne();
      await settle();
      expect([a.done, b.done]).toEqual([true, false]);
      notify.notifyOne();
      await settle();
      expect(b.done).toBe(true);
      expect(notify.notified().enable()).toBe(false); // no permit stored: each was taken once
    });

    test('notify.notified(): a registration woken but not taken passes the notification on', () => {
      const notify = new Notify();
      const branch = notify.notified();
      const unregisterFirst = branch[selectWait](() => {});
      let wokenSecond = 0;
      const unregisterSecond = branch[selectWait](() => wokenSecond++);
      const behind = notify.notified();
      behind.enable();
      notify.notifyOne(); // the first registration
      unregisterFirst(); // untaken: passed on to the next in line, the second registration
      expect(wokenSecond).toBe(1);
      unregisterSecond(); // untaken again: on to `behind`
      expect(behind.enable()).toBe(true);
    });
  });
});
