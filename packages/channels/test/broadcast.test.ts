import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { broadcast, ChannelClosedError, LaggedError } from '../src/index';
import { settle, track } from './helpers';

describe('broadcast: tokio rules', () => {
  test('capacity 0 throws; capacity is rounded up to a power of two and lag is measured against it', async () => {
    expect(() => broadcast(0)).toThrow(RangeError);
    expect(() => broadcast(2.5)).toThrow(RangeError);
    const [tx, rx] = broadcast<number>(3);
    expect(tx.capacity).toBe(4);
    for (let i = 0; i < 4; i++) tx.send(i);
    expect(await rx.recv()).toBe(0); // 4 held: no lag yet
    for (let i = 4; i < 9; i++) tx.send(i); // 1..8 sent after reading 0: 8 values for 4 slots
    await expect(rx.recv()).rejects.toSatisfy((e) => LaggedError.is(e) && (e as LaggedError).skipped === 4);
    expect(await rx.recv()).toBe(5);
  });

  test('send returns the receiver count, fails with none (value not kept), and works again after subscribe', async () => {
    const [tx, rx] = broadcast<string>(4);
    const rx2 = tx.subscribe();
    expect(tx.send('a')).toBe(2);
    rx.close();
    rx2.close();
    expect(tx.receiverCount).toBe(0);
    let error: unknown;
    try {
      tx.send('lost');
    } catch (e) {
      error = e;
    }
    expect(ChannelClosedError.is(error) && (error as ChannelClosedError).value).toBe('lost');
    const rx3 = tx.subscribe();
    expect(tx.send('b')).toBe(1);
    expect(await rx3.recv()).toBe('b');
    expect(rx3.tryRecv()).toEqual({ ok: false, reason: 'empty' });
  });

  test('subscribe sees only values sent afterwards', async () => {
    const [tx, rx] = broadcast<number>(4);
    tx.send(1);
    const late = tx.subscribe();
    tx.send(2);
    expect(await rx.recv()).toBe(1);
    expect(await late.recv()).toBe(2);
    const again = late.resubscribe();
    tx.send(3);
    expect(await again.recv()).toBe(3);
  });

  test('on overflow the oldest is overwritten; Lagged(n) then the oldest retained; lag is per receiver', async () => {
    const [tx, slow] = broadcast<number>(2);
    const fast = tx.subscribe();
    for (let i = 1; i <= 5; i++) {
      tx.send(i);
      expect(await fast.recv()).toBe(i);
    }
    await expect(slow.recv()).rejects.toSatisfy((e) => (e as LaggedError).skipped === 3);
    expect(await slow.recv()).toBe(4);
    expect(await slow.recv()).toBe(5);
    tx.send(6);
    expect(await slow.recv()).toBe(6); // still subscribed
    expect(await fast.recv()).toBe(6);
  });

  test('when all senders close, receivers drain the retained values and then end', async () => {
    const [tx, rx] = broadcast<number>(4);
    const tx2 = tx.clone();
    tx.send(1);
    tx.close();
    tx2.send(2);
    const pendingAfter = rx.recv();
    expect(await pendingAfter).toBe(1);
    tx2.close();
    expect(await rx.recv()).toBe(2);
    expect(await rx.recv()).toBeUndefined();
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'disconnected' });
  });

  test('a waiting recv ends when the last sender closes', async () => {
    const [tx, rx] = broadcast<number>(4);
    const r = track(rx.recv());
    await settle();
    expect(r.done).toBe(false);
    tx.close();
    await settle();
    expect(r.done).toBe(true);
    expect(r.value).toBeUndefined();
  });

  test('a closed receiver marks its unread values read: the last reader frees the slot', async () => {
    const [tx, a] = broadcast<{ big: number[] }>(4);
    const b = tx.subscribe();
    const value = { big: [1] };
    tx.send(value);
    expect(await a.recv()).toBe(value);
    const shared = (a as unknown as { shared: { values: unknown[] } }).shared;
    expect(shared.values[0]).toBe(value); // b has not read it yet
    b.close();
    expect(shared.values[0]).toBeUndefined();
  });

  test('recv is cancel safe: an aborted recv reads nothing', async () => {
    const [tx, rx] = broadcast<number>(4);
    const ac = new AbortController();
    const r = rx.recv({ signal: ac.signal });
    ac.abort('stop');
    await expect(r).rejects.toBe('stop');
    tx.send(1);
    expect(await rx.recv()).toBe(1);
  });
});

describe('broadcast: handles', () => {
  test('waiting receives get the value handed over, every one of them', async () => {
    const [tx, rx] = broadcast<number>(4);
    const receivers = [rx, tx.subscribe(), tx.subscribe()];
    const pending = receivers.map((r) => r.recv());
    expect(tx.send(7)).toBe(3);
    expect(await Promise.all(pending)).toEqual([7, 7, 7]);
  });

  test('tryRecv reports lag with the number skipped', () => {
    const [tx, rx] = broadcast<number>(1);
    tx.send(1);
    tx.send(2);
    tx.send(3);
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'lagged', skipped: 2 });
    expect(rx.tryRecv()).toEqual({ ok: true, value: 3 });
  });

  test('select protocol: wake after send; the try takes it; lag throws from the try', () => {
    const [tx, rx] = broadcast<number>(1);
    const got: unknown[] = [];
    rx[selectWait](() => got.push(rx[selectTry]()));
    tx.send(1);
    expect(got).toEqual([{ value: 1 }]);
    tx.send(2);
    tx.send(3);
    expect(() => rx[selectTry]()).toThrow(LaggedError);
    expect(rx[selectTry]()).toEqual({ value: 3 });
    expect(rx[selectTry]()).toBeUndefined();
    tx.close();
    expect(rx[selectTry]()).toEqual({ value: undefined });
  });

  test('for await iterates until the senders close', async () => {
    const [tx, rx] = broadcast<number>(8);
    tx.send(1);
    tx.send(2);
    tx.close();
    const seen: number[] = [];
    for await (const n of rx) seen.push(n);
    expect(seen).toEqual([1, 2]);
  });
});
