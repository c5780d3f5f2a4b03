import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { ChannelClosedError, watch } from '../src/index';
import { settle, track } from './helpers';

describe('watch: tokio rules', () => {
  test('the initial value counts as seen; borrow does not mark seen, borrowAndUpdate does', async () => {
    const [tx, rx] = watch(1);
    expect(rx.hasChanged()).toBe(false);
    const waiting = track(rx.changed());
    await settle();
    expect(waiting.done).toBe(false);
    tx.send(2);
    await settle();
    expect(waiting.done).toBe(true);
    tx.send(3);
    expect(rx.borrow()).toBe(3);
    expect(rx.hasChanged()).toBe(true);
    expect(rx.borrowAndUpdate()).toBe(3);
    expect(rx.hasChanged()).toBe(false);
  });

  test('changed() returns at once when unseen; errors only when closed and seen', async () => {
    const [tx, rx] = watch('a');
    tx.send('b');
    tx.close();
    await rx.changed(); // unseen, although closed
    expect(rx.borrow()).toBe('b');
    await expect(rx.changed()).rejects.toSatisfy(ChannelClosedError.is);
  });

  test('a waiting changed() rejects when the last sender closes', async () => {
    const [tx, rx] = watch(0);
    const tx2 = tx.clone();
    const waiting = track(rx.changed());
    tx.close();
    await settle();
    expect(waiting.done).toBe(false);
    tx2.close();
    await settle();
    expect(ChannelClosedError.is(waiting.error)).toBe(true);
  });

  test('changed() is cancel safe: an aborted call marks nothing seen', async () => {
    const [tx, rx] = watch(0);
    const ac = new AbortController();
    const c = rx.changed({ signal: ac.signal });
    ac.abort('stop');
    await expect(c).rejects.toBe('stop');
    tx.send(1);
    expect(rx.hasChanged()).toBe(true);
  });

  test('send fails with no receivers and then does not store; sendReplace/Modify/IfModified store anyway', () => {
    const [tx, rx] = watch(0);
    rx.close();
    expect(() => tx.send(1)).toThrow(ChannelClosedError);
    expect(tx.borrow()).toBe(0);
    expect(tx.sendReplace(2)).toBe(0);
    expect(tx.borrow()).toBe(2);
    tx.sendModify((n) => n + 1);
    expect(tx.borrow()).toBe(3);
    expect(tx.sendIfModified(() => true)).toBe(true);
  });

  test('sendIfModified notifies only when modify returns true, and returns its result', async () => {
    const [tx, rx] = watch({ n: 0 });
    expect(
      tx.sendIfModified((s) => {
        s.n = 1; // a silent change
        return false;
      }),
    ).toBe(false);
    expect(rx.hasChanged()).toBe(false);
    expect(rx.borrow().n).toBe(1);
    expect(tx.sendIfModified(() => true)).toBe(true);
    expect(rx.hasChanged()).toBe(true);
  });

  test('waitFor tests the current value first, even if seen, and may skip values', async () => {
    const [tx, rx] = watch(5);
    expect(await rx.waitFor((n) => n === 5)).toBe(5);
    const waiting = rx.waitFor((n) => n >= 10);
    tx.send(8);
    tx.send(11);
    tx.send(12);
    expect(await waiting).toBe(12); // 8 and 11 were never tested: only the latest value is
  });

  test('waitFor rejects when closed with the predicate false for the last value', async () => {
    const [tx, rx] = watch(0);
    const waiting = rx.waitFor((n) => n > 100);
    tx.send(1);
    tx.close();
    await expect(waiting).rejects.toSatisfy(ChannelClosedError.is);
    expect(rx.borrow()).toBe(1);
  });

  test('subscribe gives a receiver with the current value seen and reopens a closed channel', () => {
    const [tx, rx] = watch(0);
    rx.close();
    expect(tx.isClosed()).toBe(true);
    const rx2 = tx.subscribe();
    expect(tx.isClosed()).toBe(false);
    expect(rx2.hasChanged()).toBe(false);
    tx.send(1);
    expect(rx2.hasChanged()).toBe(true);
  });

  test('markChanged and markUnchanged set the flag by hand', async () => {
    const [, rx] = watch(0);
    rx.markChanged();
    expect(rx.hasChanged()).toBe(true);
    await rx.changed();
    rx.markChanged();
    rx.markUnchanged();
    expect(rx.hasChanged()).toBe(false);
  });
});

describe('watch: handles', () => {
  test('hasChanged throws once every sender is closed, as tokio', () => {
    const [tx, rx] = watch(0);
    tx.close();
    expect(() => rx.hasChanged()).toThrow(ChannelClosedError);
  });

  test('clone keeps the seen state; closed() resolves when the last receiver closes', async () => {
    const [tx, rx] = watch(0);
    tx.send(1);
    const rx2 = rx.clone();
    expect(rx2.hasChanged()).toBe(true);
    expect(tx.receiverCount).toBe(2);
    const closed = track(tx.closed());
    rx.close();
    await settle();
    expect(closed.done).toBe(false);
    rx2.close();
    await settle();
    expect(closed.done).toBe(true);
  });

  test('every waiting receiver is woken by one send', async () => {
    const [tx, rx] = watch(0);
    const others = [rx.clone(), rx.clone()];
    const all = Promise.all([rx, ...others].map((r) => r.changed()));
    tx.send(1);
    await all;
  });

  test('select protocol: wake on change, try returns the new value and marks it seen; closed throws', () => {
    const [tx, rx] = watch(0);
    expect(rx[selectTry]()).toBeUndefined();
    const got: unknown[] = [];
    rx[selectWait](() => got.push(rx[selectTry]()));
    tx.send(1);
    expect(got).toEqual([{ value: 1 }]);
    expect(rx.hasChanged()).toBe(false);
    tx.close();
    expect(() => rx[selectTry]()).toThrow(ChannelClosedError);
  });
});

test('closing a receiver rejects its own waiting changed(), not the others', async () => {
  const [tx, rx] = watch(0);
  const other = rx.clone();
  const mine = track(rx.changed());
  const theirs = track(other.changed());
  rx.close();
  await settle();
  expect(ChannelClosedError.is(mine.error)).toBe(true);
  expect(theirs.done).toBe(false);
  tx.send(1);
  await settle();
  expect(theirs.done).toBe(true);
});
