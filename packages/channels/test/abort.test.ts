import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { broadcast, mpsc, oneshot, watch } from '../src/index';
import { settle } from './helpers';

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
