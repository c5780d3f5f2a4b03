// The select branches of @async/sync raced in core's `select`: the winner takes, the losers take nothing.
import { select } from '@async/core';
import { describe, expect, test } from 'vitest';
import { Mutex, Notify, RwLock, Semaphore } from '../src/index';
import { settle } from './helpers';

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
});
