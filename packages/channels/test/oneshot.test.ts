import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { ChannelClosedError, oneshot } from '../src/index';
import { settle, track } from './helpers';

describe('oneshot: tokio rules', () => {
  test('send is synchronous and fails (false) when the receiver is closed; true does not mean received', async () => {
    const [tx, rx] = oneshot<number>();
    rx.close();
    expect(tx.send(1)).toBe(false);

    const [tx2, rx2] = oneshot<number>();
    expect(tx2.send(2)).toBe(true);
    rx2[Symbol.dispose](); // dropped without reading
    expect(rx2.tryRecv()).toEqual({ ok: false, reason: 'closed' });
  });

  test('awaiting the receiver rejects with ChannelClosedError when the sender closes unsent', async () => {
    const [tx, rx] = oneshot<number>();
    const pending = track(rx);
    await settle();
    expect(pending.done).toBe(false);
    tx.close();
    await settle();
    expect(ChannelClosedError.is(pending.error)).toBe(true);
  });

  test('awaiting is cancel safe: an aborted recv leaves the value for the next', async () => {
    const [tx, rx] = oneshot<string>();
    const ac = new AbortController();
    const first = rx.recv({ signal: ac.signal });
    ac.abort('stop');
    await expect(first).rejects.toBe('stop');
    tx.send('kept');
    expect(await rx).toBe('kept');
  });

  test('tryRecv: empty, then the value, then closed once taken', () => {
    const [tx, rx] = oneshot<number>();
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
    tx.send(3);
    expect(rx.tryRecv()).toEqual({ ok: true, value: 3 });
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'closed' });
  });

  test('tryRecv is closed when the sender closed unsent', () => {
    const [tx, rx] = oneshot<number>();
    tx.close();
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'closed' });
  });

  test('close() makes later sends fail but a value sent before can still be read', async () => {
    const [tx, rx] = oneshot<number>();
    tx.send(5);
    rx.close();
    expect(rx.tryRecv()).toEqual({ ok: true, value: 5 });

    const [tx2, rx2] = oneshot<number>();
    rx2.close();
    expect(tx2.send(6)).toBe(false);
    await expect(rx2.recv()).rejects.toSatisfy(ChannelClosedError.is);
  });
});

describe('oneshot: handles', () => {
  test('a sender can send once; a second send throws with the value', () => {
    const [tx] = oneshot<number>();
    tx.send(1);
    expect(() => tx.send(2)).toThrow(ChannelClosedError);
  });

  test('a waiting receive gets the value handed over', async () => {
    const [tx, rx] = oneshot<number>();
    const r = rx.recv();
    tx.send(8);
    expect(await r).toBe(8);
  });

  test('closed() resolves when the receiver closes and stays resolved', async () => {
    const [tx, rx] = oneshot<number>();
    const closed = track(tx.closed());
    await settle();
    expect(closed.done).toBe(false);
    expect(tx.isClosed()).toBe(false);
    rx.close();
    await settle();
    expect(closed.done).toBe(true);
    expect(tx.isClosed()).toBe(true);
    await tx.closed();
  });

  test('select protocol: try consumes only on success, wake after the value is in, closed throws', () => {
    const [tx, rx] = oneshot<number>();
    expect(rx[selectTry]()).toBeUndefined();
    const got: unknown[] = [];
    const unregister = rx[selectWait](() => got.push(rx[selectTry]()));
    tx.send(1);
    expect(got).toEqual([{ value: 1 }]);
    unregister();
    expect(() => rx[selectTry]()).toThrow(ChannelClosedError);

    const [tx2, rx2] = oneshot<number>();
    let woke = false;
    rx2[selectWait](() => {
      woke = true;
    });
    tx2.close();
    expect(woke).toBe(true);
  });
});
