import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { broadcast, mpsc, oneshot, watch } from '../src/index';
import { settle, track } from './helpers';

/** Each case starts a wait with `signal` that something else then satisfies. */
const waits: Record<string, (signal: AbortSignal) => Promise<void>> = {
  'mpsc recv': async (signal) => {
    const [tx, rx] = mpsc.channel<number>(1);
    const r = rx.recv({ signal });
    await tx.send(1);
    expect(await r).toBe(1);
  },
  'mpsc send': async (signal) => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(1);
    const s = tx.send(2, { signal });
    await rx.recv();
    await s;
  },
  'mpsc reserve': async (signal) => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(1);
    const p = tx.reserve({ signal });
    await rx.recv();
    (await p).release();
  },
  'oneshot recv': async (signal) => {
    const [tx, rx] = oneshot<number>();
    const r = rx.recv({ signal });
    tx.send(1);
    expect(await r).toBe(1);
  },
  'broadcast recv': async (signal) => {
    const [tx, rx] = broadcast<number>(2);
    const r = rx.recv({ signal });
    tx.send(1);
    expect(await r).toBe(1);
  },
  'watch changed': async (signal) => {
    const [tx, rx] = watch(0);
    const c = rx.changed({ signal });
    tx.send(1);
    await c;
  },
};

describe('abort: a long-lived signal keeps no listener, an abort leaves no trace', () => {
  for (const [name, wait] of Object.entries(waits)) {
    test(`${name}: 1,000 waits on one signal leave no listener`, async () => {
      const ac = new AbortController();
      for (let i = 0; i < 1000; i++) await wait(ac.signal);
      await settle();
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    });
  }

  test('aborted waits of every kind reject with the reason and take nothing', async () => {
    const ac = new AbortController();
    const reason = new Error('stop');
    const [mtx, mrx] = mpsc.channel<number>(1);
    await mtx.send(0);
    const [, orx] = oneshot<number>();
    const [btx, brx] = broadcast<number>(2);
    const [wtx, wrx] = watch(0);
    const pending: Promise<unknown>[] = [
      mtx.send(1, { signal: ac.signal }),
      mtx.reserve({ signal: ac.signal }),
      orx.recv({ signal: ac.signal }),
      brx.recv({ signal: ac.signal }),
      wrx.changed({ signal: ac.signal }),
    ];
    const [, erx] = mpsc.channel<number>(1);
    pending.push(erx.recv({ signal: ac.signal }), erx.recvMany(3, { signal: ac.signal }));
    ac.abort(reason);
    for (const p of pending) await expect(p).rejects.toBe(reason);
    await settle();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    // Nothing was taken or sent.
    expect(await mrx.recv()).toBe(0);
    expect(mrx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
    expect(mtx.capacity).toBe(1);
    btx.send(5);
    expect(await brx.recv()).toBe(5);
    wtx.send(1);
    expect(wrx.hasChanged()).toBe(true);
  });
});

/** Each case: a sender whose `closed()` can wait, and how to close its receiving side. */
const closers: Record<
  string,
  () => { closed: (options?: { signal?: AbortSignal }) => Promise<void>; close: () => void }
> = {
  'mpsc bounded': () => {
    const [tx, rx] = mpsc.channel<number>(1);
    return { closed: (o) => tx.closed(o), close: () => rx.close() };
  },
  'mpsc unbounded': () => {
    const [tx, rx] = mpsc.unbounded<number>();
    return { closed: (o) => tx.closed(o), close: () => rx.close() };
  },
  oneshot: () => {
    const [tx, rx] = oneshot<number>();
    return { closed: (o) => tx.closed(o), close: () => rx.close() };
  },
  watch: () => {
    const [tx, rx] = watch(0);
    return { closed: (o) => tx.closed(o), close: () => rx.close() };
  },
};

describe('Sender.closed({ signal }) is abortable', () => {
  for (const [name, make] of Object.entries(closers)) {
    test(`${name}: an abort rejects with the reason and leaves no listener; other waits still resolve`, async () => {
      const { closed, close } = make();
      const ac = new AbortController();
      const reason = new Error('gave up');
      const aborted = track(closed({ signal: ac.signal }));
      const plain = track(closed());
      const other = track(closed({ signal: new AbortController().signal }));
      await settle();
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
      ac.abort(reason);
      await settle();
      expect(aborted.error).toBe(reason);
      expect(plain.done || other.done).toBe(false);
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
      close();
      await settle();
      expect(plain.done && other.done).toBe(true);
      expect(plain.error ?? other.error).toBeUndefined();
    });

    test(`${name}: an already aborted signal rejects at once; once closed it resolves`, async () => {
      const { closed, close } = make();
      const reason = new Error('already');
      const early = track(closed({ signal: AbortSignal.abort(reason) }));
      await settle();
      expect(early.error).toBe(reason);
      close();
      const ac = new AbortController();
      const late = track(closed({ signal: ac.signal }));
      await settle();
      expect(late.done && late.error === undefined).toBe(true);
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    });

    test(`${name}: 1,000 closed() waits on one signal, satisfied by close, leave no listener`, async () => {
      const ac = new AbortController();
      for (let i = 0; i < 1000; i++) {
        const { closed, close } = make();
        const c = closed({ signal: ac.signal });
        close();
        await c;
      }
      await settle();
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    });
  }
});
