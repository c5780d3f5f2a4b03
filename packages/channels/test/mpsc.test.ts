import { getEventListeners } from 'node:events';
import { selectTry, selectWait } from '@async/core/protocol';
import { describe, expect, test } from 'vitest';
import { ChannelClosedError, mpsc } from '../src/index';
import { settle, track } from './helpers';

describe('mpsc: tokio rules', () => {
  test('channel(0), negative or fractional capacity throws RangeError', () => {
    expect(() => mpsc.channel(0)).toThrow(RangeError);
    expect(() => mpsc.channel(-1)).toThrow(RangeError);
    expect(() => mpsc.channel(1.5)).toThrow(RangeError);
    expect(() => mpsc.channel(Number.NaN)).toThrow(RangeError);
    expect(mpsc.channel(1)[0].maxCapacity).toBe(1);
  });

  test('delivery is FIFO; recv is undefined only once closed and empty; buffered messages survive close', async () => {
    const [tx, rx] = mpsc.channel<number>(8);
    for (let i = 0; i < 5; i++) await tx.send(i);
    tx.close();
    const got: (number | undefined)[] = [];
    for (let i = 0; i < 6; i++) got.push(await rx.recv());
    expect(got).toEqual([0, 1, 2, 3, 4, undefined]);
    expect(await rx.recv()).toBeUndefined();
  });

  test('recv waits while senders remain, even with the buffer empty', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const tx2 = tx.clone();
    tx.close();
    const pending = track(rx.recv());
    await settle();
    expect(pending.done).toBe(false);
    await tx2.send(9);
    await settle();
    expect(pending.value).toBe(9);
    tx2.close();
    expect(await rx.recv()).toBeUndefined();
  });

  test('after rx.close() new sends and reserves fail, earlier permits still send, recv waits for them', async () => {
    const [tx, rx] = mpsc.channel<string>(4);
    const permit = await tx.reserve();
    rx.close();
    await expect(tx.send('late')).rejects.toSatisfy(
      (e) => ChannelClosedError.is(e) && (e as ChannelClosedError).value === 'late',
    );
    await expect(tx.reserve()).rejects.toSatisfy(ChannelClosedError.is);
    const pending = track(rx.recv());
    await settle();
    expect(pending.done).toBe(false); // the permit may still send
    permit.send('via permit');
    await settle();
    expect(pending.value).toBe('via permit');
    expect(await rx.recv()).toBeUndefined();
  });

  test('after rx.close() an unused permit dropped ends the channel', async () => {
    const [tx, rx] = mpsc.channel<string>(4);
    const permit = await tx.reserve();
    rx.close();
    const pending = track(rx.recv());
    await settle();
    expect(pending.done).toBe(false);
    permit.release();
    await settle();
    expect(pending.done).toBe(true);
    expect(pending.value).toBeUndefined();
  });

  test('tryRecv: empty vs disconnected, disconnected only with no sender and no permit left', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
    const permit = await tx.reserve();
    tx.close();
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' }); // a permit is outstanding
    permit.send(1);
    expect(rx.tryRecv()).toEqual({ ok: true, value: 1 });
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'disconnected' });
  });

  test('trySend: full when n messages are buffered, closed when the receiver is closed', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    expect(tx.trySend(1)).toBe('sent');
    expect(tx.trySend(2)).toBe('sent');
    expect(tx.trySend(3)).toBe('full');
    expect(await rx.recv()).toBe(1);
    expect(tx.trySend(3)).toBe('sent');
    rx.close();
    expect(tx.trySend(4)).toBe('closed');
  });

  test('trySend does not barge past waiting senders', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(1);
    const waiting = tx.send(2);
    expect(await rx.recv()).toBe(1); // the freed slot goes to the waiting send
    expect(tx.trySend(3)).toBe('full');
    await waiting;
    expect(await rx.recv()).toBe(2);
  });

  test('cancelling send guarantees not sent, and loses the place in the FIFO queue', async () => {
    const [tx, rx] = mpsc.channel<string>(1);
    await tx.send('first');
    const ac = new AbortController();
    const a = track(tx.send('a', { signal: ac.signal }));
    const b = track(tx.send('b'));
    const c = track(tx.reserve());
    ac.abort(new Error('stop'));
    await settle();
    expect((a.error as Error).message).toBe('stop');
    expect(await rx.recv()).toBe('first');
    await settle();
    expect(b.done).toBe(true);
    expect(c.done).toBe(false); // served in order: b before the reserve
    expect(await rx.recv()).toBe('b');
    await settle();
    expect(c.done).toBe(true);
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' }); // 'a' was never sent
  });

  test('an aborted send leaves no listener on the signal and no waiter', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(0);
    const ac = new AbortController();
    const sends = [1, 2, 3].map((n) => tx.send(n, { signal: ac.signal }).catch(() => 'aborted'));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    expect(await rx.recv()).toBe(0);
    expect(await rx.recv()).toBe(1);
    expect(await rx.recv()).toBe(2);
    expect(await rx.recv()).toBe(3);
    await Promise.all(sends);
    await settle();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  test('an already aborted signal rejects at once with its reason', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const reason = new Error('gone');
    await expect(tx.send(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(rx.recv({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
  });

  test('an aborted recv takes nothing', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const ac = new AbortController();
    const r = rx.recv({ signal: ac.signal });
    ac.abort('x');
    await expect(r).rejects.toBe('x');
    await tx.send(5);
    expect(await rx.recv()).toBe(5);
  });

  test('dropping a permit returns its slot; capacity follows reserve/send/recv; maxCapacity is fixed', async () => {
    const [tx, rx] = mpsc.channel<number>(3);
    expect(tx.capacity).toBe(3);
    await tx.send(1);
    expect(tx.capacity).toBe(2);
    {
      using permit = await tx.reserve();
      expect(tx.capacity).toBe(1);
      expect(permit.remaining).toBe(1);
    }
    expect(tx.capacity).toBe(2);
    await rx.recv();
    expect(tx.capacity).toBe(3);
    expect(tx.maxCapacity).toBe(3);
  });

  test('a dropped permit hands its slot to the waiting sender', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const permit = await tx.reserve();
    const waiting = track(tx.send(7));
    await settle();
    expect(waiting.done).toBe(false);
    permit.release();
    await settle();
    expect(waiting.done).toBe(true);
    expect(await rx.recv()).toBe(7);
  });

  test('reserveMany(n > maxCapacity) fails at once, tryReserveMany is full; unused slots come back', async () => {
    const [tx, rx] = mpsc.channel<number>(4);
    await expect(tx.reserveMany(5)).rejects.toThrow(RangeError);
    expect(tx.tryReserveMany(5)).toBe('full');
    const permits = await tx.reserveMany(3);
    expect(tx.capacity).toBe(1);
    permits.send(1);
    permits.send(2);
    permits.release();
    expect(tx.capacity).toBe(1 + 1);
    expect(() => permits.send(3)).toThrow(RangeError);
    expect(await rx.recvMany(10)).toEqual([1, 2]);
    expect(tx.capacity).toBe(4);
  });

  test('reserveMany waits in FIFO order and gathers slots as they free', async () => {
    const [tx, rx] = mpsc.channel<number>(3);
    await tx.send(1);
    await tx.send(2);
    const many = track(tx.reserveMany(3));
    const one = track(tx.send(3));
    await rx.recv();
    await settle();
    expect(many.done).toBe(false);
    expect(one.done).toBe(false); // behind the larger request
    await rx.recv();
    await settle();
    expect(many.done).toBe(true);
    expect(one.done).toBe(false);
    (many.value as mpsc.Permit<number>).release();
    await settle();
    expect(one.done).toBe(true);
  });

  test('an aborted reserveMany gives the slots it gathered to the next waiter', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    await tx.send(1);
    await tx.send(2);
    const ac = new AbortController();
    const many = tx.reserveMany(2, { signal: ac.signal }).catch(() => 'aborted');
    const one = track(tx.send(3));
    await rx.recv(); // one slot to the reserveMany
    await settle();
    expect(one.done).toBe(false);
    ac.abort();
    expect(await many).toBe('aborted');
    await settle();
    expect(one.done).toBe(true);
    expect(await rx.recvMany(5)).toEqual([2, 3]);
  });

  test('one abort of two waiting sends: the slot a leaving reserve gives back skips the other leaving send', async () => {
    const [tx, rx] = mpsc.channel<string>(2);
    await tx.send('x');
    const ac = new AbortController();
    const reason = new Error('stop');
    const many = track(tx.reserveMany(2, { signal: ac.signal })); // holds the one free slot
    const b = track(tx.send('b', { signal: ac.signal }));
    await settle();
    expect(many.done || b.done).toBe(false);
    ac.abort(reason);
    await settle();
    expect(many.error).toBe(reason);
    expect(b.error).toBe(reason); // an aborted wait never completes
    expect(tx.capacity).toBe(1);
    expect(await rx.recv()).toBe('x');
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' }); // 'b' was not sent
    expect(tx.capacity).toBe(2);
  });

  test('recvMany(0) returns [] at once; otherwise [] only when closed and empty', async () => {
    const [tx, rx] = mpsc.channel<number>(4);
    expect(await rx.recvMany(0)).toEqual([]);
    const pending = track(rx.recvMany(2));
    await settle();
    expect(pending.done).toBe(false);
    await tx.send(1);
    await settle();
    expect(pending.value).toEqual([1]);
    await tx.send(2);
    tx.close();
    expect(await rx.recvMany(5)).toEqual([2]);
    expect(await rx.recvMany(5)).toEqual([]);
  });

  test('recvMany is cancel safe', async () => {
    const [tx, rx] = mpsc.channel<number>(4);
    const ac = new AbortController();
    const r = rx.recvMany(4, { signal: ac.signal });
    ac.abort('stop');
    await expect(r).rejects.toBe('stop');
    await tx.send(1);
    expect(await rx.recvMany(4)).toEqual([1]);
  });

  test('Sender.closed() resolves when the receiver closes and stays resolved', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const closed = track(tx.closed());
    await settle();
    expect(closed.done).toBe(false);
    rx.close();
    await settle();
    expect(closed.done).toBe(true);
    await tx.closed();
    expect(tx.isClosed()).toBe(true);
  });

  test('unbounded send is synchronous and fails only when the receiver is closed', async () => {
    const [tx, rx] = mpsc.unbounded<number>();
    for (let i = 0; i < 10_000; i++) tx.send(i);
    expect(rx.length).toBe(10_000);
    expect(rx.maxCapacity).toBe(Number.POSITIVE_INFINITY);
    expect(await rx.recv()).toBe(0);
    rx.close();
    expect(() => tx.send(-1)).toThrow(ChannelClosedError);
    try {
      tx.send(-2);
    } catch (e) {
      expect((e as ChannelClosedError<number>).value).toBe(-2);
    }
    expect((await rx.recvMany(20_000)).length).toBe(9_999);
    expect(await rx.recv()).toBeUndefined();
  });
});

describe('mpsc: handles and iteration', () => {
  test('a send waiting for a plain recv is handed over directly', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const r = rx.recv();
    await tx.send(1);
    expect(rx.length).toBe(0);
    expect(await r).toBe(1);
  });

  test('concurrent recvs are served in order', async () => {
    const [tx, rx] = mpsc.channel<number>(4);
    const a = rx.recv();
    const b = rx.recv();
    await tx.send(1);
    await tx.send(2);
    expect([await a, await b]).toEqual([1, 2]);
  });

  test('a closed sender handle cannot send or clone; closing twice counts once', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const tx2 = tx.clone();
    tx.close();
    tx.close();
    await expect(tx.send(1)).rejects.toSatisfy(ChannelClosedError.is);
    expect(tx.trySend(1)).toBe('closed');
    expect(() => tx.clone()).toThrow(ChannelClosedError);
    expect(rx.isClosed()).toBe(false);
    tx2.close();
    expect(rx.isClosed()).toBe(true);
  });

  test('disposing the receiver drops the buffer and fails waiting senders with their values', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(1);
    const waiting = tx.send(2);
    rx[Symbol.dispose]();
    await expect(waiting).rejects.toSatisfy((e) => (e as ChannelClosedError).value === 2);
    expect(await rx.recv()).toBeUndefined();
  });

  test('breaking out of for-await closes the receiver', async () => {
    const [tx, rx] = mpsc.channel<number>(4);
    await tx.send(1);
    await tx.send(2);
    for await (const n of rx) {
      expect(n).toBe(1);
      break;
    }
    expect(tx.isClosed()).toBe(true);
    expect(tx.trySend(3)).toBe('closed');
  });
});

describe('mpsc: select protocol', () => {
  test('selectTry consumes only when it returns a value, and reports the end', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    expect(rx[selectTry]()).toBeUndefined();
    await tx.send(4);
    expect(rx[selectTry]()).toEqual({ value: 4 });
    expect(rx[selectTry]()).toBeUndefined();
    tx.close();
    expect(rx[selectTry]()).toEqual({ value: undefined });
  });

  test('wake is called synchronously once the message is in, and the try from inside wake takes it', () => {
    const [tx, rx] = mpsc.channel<number>(2);
    const taken: unknown[] = [];
    let wakes = 0;
    const unregister = rx[selectWait](() => {
      wakes++;
      taken.push(rx[selectTry]());
    });
    expect(tx.trySend(1)).toBe('sent');
    expect(wakes).toBe(1);
    expect(taken).toEqual([{ value: 1 }]);
    expect(tx.trySend(2)).toBe('sent');
    expect(wakes).toBe(1); // at most once
    unregister();
    unregister();
    expect(rx.length).toBe(1);
  });

  test('an unregistered select takes nothing; a plain recv behind it gets the message', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    const unregister = rx[selectWait](() => {
      throw new Error('must not wake');
    });
    const r = rx.recv();
    unregister();
    await tx.send(1);
    expect(await r).toBe(1);
  });

  test('a woken select that does not take the message passes it on to the next receive', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    rx[selectWait](() => {}); // woken, but takes nothing (its select completed elsewhere)
    const r = rx.recv();
    await tx.send(1);
    expect(await r).toBe(1);
  });

  test('the end of the channel wakes a select', () => {
    const [tx, rx] = mpsc.channel<number>(2);
    let woke = false;
    rx[selectWait](() => {
      woke = true;
    });
    tx.close();
    expect(woke).toBe(true);
    expect(rx[selectTry]()).toEqual({ value: undefined });
  });
});
