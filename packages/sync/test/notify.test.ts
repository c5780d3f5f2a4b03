import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { Notify } from '../src/index';
import { settle, track } from './helpers';

describe('Notify', () => {
  test('notifyOne with nobody waiting stores one permit; repeated calls still store one', async () => {
    const notify = new Notify();
    notify.notifyOne();
    notify.notifyOne();
    await notify.notified();
    const second = track(notify.notified());
    await settle();
    expect(second.done).toBe(false);
    notify.notifyOne();
    await settle();
    expect(second.done).toBe(true);
  });

  test('notifyOne wakes waiters in FIFO order, one per call', async () => {
    const notify = new Notify();
    const order: number[] = [];
    const waits = [1, 2, 3].map((i) => notify.notified().then(() => order.push(i)));
    await settle();
    notify.notifyOne();
    await settle();
    expect(order).toEqual([1]);
    notify.notifyOne();
    notify.notifyOne();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  test('notifyWaiters wakes every Notified created before it, even unpolled, and stores no permit', async () => {
    const notify = new Notify();
    const polled = track(notify.notified());
    const unpolled = notify.notified();
    await settle();
    notify.notifyWaiters();
    const later = track(notify.notified());
    await settle();
    expect(polled.done).toBe(true);
    expect(track(unpolled).done).toBe(false); // not yet observed...
    await settle();
    expect(later.done).toBe(false); // created after: not woken, no permit stored
    await unpolled; // ...but it completes
  });

  test('a Notified gets notifyOne only once polled or enabled; enable() reports a notification', async () => {
    const notify = new Notify();
    const n = notify.notified();
    notify.notifyOne(); // n is not queued: stored as the permit
    expect(n.enable()).toBe(true); // enabling takes the permit... (reported as notified)
    await n;
    const m = notify.notified();
    expect(m.enable()).toBe(false);
    notify.notifyOne(); // reaches m, stores nothing
    expect(m.enable()).toBe(true);
    await m;
    expect(notify.notified().enable()).toBe(false);
  });

  test('an aborted notified() leaves the queue; the notification goes to the next waiter', async () => {
    const notify = new Notify();
    const c = new AbortController();
    const first = notify.notified({ signal: c.signal });
    const firstState = track(first);
    const second = track(notify.notified());
    await settle();
    c.abort(new Error('stop'));
    await settle();
    expect(firstState.error).toEqual(new Error('stop'));
    notify.notifyOne();
    await settle();
    expect(second.done).toBe(true);
  });

  test('select: a Notified that loses after notifyOne chose it passes the notification on', async () => {
    const notify = new Notify();
    const loser = notify.notified();
    expect(loser[selectTry]()).toBeUndefined();
    let woken = 0;
    const unregister = loser[selectWait](() => woken++);
    const other = track(notify.notified());
    await settle(); // `other` is queued behind the select branch
    notify.notifyOne(); // chooses the select branch
    expect(woken).toBe(1);
    unregister(); // select took another branch
    await settle();
    expect(other.done).toBe(true);
  });

  test('select: a woken branch consumes in selectTry; a losing branch without notification consumes nothing', async () => {
    const notify = new Notify();
    const n = notify.notified();
    let value: unknown = 'none';
    n[selectWait](() => {
      value = n[selectTry]();
    });
    notify.notifyOne();
    expect(value).toEqual({ value: undefined });
    const quiet = notify.notified();
    const unregister = quiet[selectWait](() => {});
    unregister();
    notify.notifyOne(); // nobody queued: stored as permit
    await notify.notified();
  });

  test('dispose of an enabled Notified hands a held notifyOne on', async () => {
    const notify = new Notify();
    const a = notify.notified();
    a.enable();
    notify.notifyOne();
    a[Symbol.dispose]();
    await notify.notified(); // the permit was stored again
  });
});

describe('Notify: one signal shared by several waiters', () => {
  test('a notifyOne made while they are being aborted goes to a live waiter', async () => {
    const notify = new Notify();
    const c = new AbortController();
    const first = notify.notified({ signal: c.signal });
    const second = notify.notified({ signal: c.signal });
    const live = notify.notified();
    const firstDone = first.then(
      () => 'notified',
      () => 'aborted',
    );
    const secondDone = second.then(
      () => 'notified',
      () => 'aborted',
    );
    const liveDone = track(live);
    await settle();
    c.signal.addEventListener('abort', () => notify.notifyOne()); // runs after the sync's own listener
    c.abort();
    expect(await firstDone).toBe('aborted');
    expect(await secondDone).toBe('aborted');
    await settle();
    expect(liveDone.done).toBe(true);
  });
});

test('Notify: a notifyOne made while an aborting signal is still being dispatched skips its waiters', async () => {
  const { OnceCell } = await import('../src/index');
  const notify = new Notify();
  const cell = new OnceCell<number>();
  const c = new AbortController();
  // Told first of the abort: the running initialiser; the next caller's initialiser then starts at
  // once, inside the abort dispatch, and notifies, while `a` (same signal) is not yet told.
  const first = cell
    .getOrInit(() => new Promise<number>(() => {}), { signal: c.signal })
    .catch(() => 'aborted');
  const a = notify.notified({ signal: c.signal });
  const aDone = a.then(
    () => 'notified',
    () => 'aborted',
  );
  const live = track(notify.notified());
  const second = cell.getOrInit(() => {
    notify.notifyOne();
    return 2;
  });
  await settle();
  c.abort();
  expect(await first).toBe('aborted');
  expect(await second).toBe(2);
  expect(await aDone).toBe('aborted');
  await settle();
  expect(live.done).toBe(true);
});
