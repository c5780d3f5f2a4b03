// Hostile use and scale: queues of 100,000 callers, aborts in bulk, huge capacities, counts beyond
// the safe integers. Each case states the class of bug it keeps fixed: a hand-off that recurses, a
// cost that grows faster than the work, memory kept per operation, a limit that is not checked.
import { getEventListeners } from 'node:events';
import { select } from '@async/core';
import { describe, expect, test } from 'vitest';
import { broadcast, ChannelClosedError, mpsc, oneshot, watch } from '../src/index';
import { heapAfterGc, runIsolated, settle } from './helpers';

const N = 100_000;

/** Awaits every promise, counting how each settled. */
async function outcomes(
  promises: Promise<unknown>[],
): Promise<{ fulfilled: unknown[]; rejected: unknown[] }> {
  const fulfilled: unknown[] = [];
  const rejected: unknown[] = [];
  for (const p of promises) {
    await p.then(
      (v) => fulfilled.push(v),
      (e) => rejected.push(e),
    );
  }
  return { fulfilled, rejected };
}

describe('hand-off loops are iterative: 100,000 queued callers of every kind', () => {
  test('mpsc: receives and sends both waiting; one permit send hands every message through', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const permit = await tx.reserve(); // the only slot: receives wait on an empty buffer, sends on no slot
    const recvs = Array.from({ length: N }, () => rx.recv());
    const sends = Array.from({ length: N }, (_, i) => tx.send(i));
    expect(() => permit.send(-1)).not.toThrow();
    const got = await outcomes(recvs);
    expect(got.rejected).toEqual([]);
    expect(got.fulfilled).toEqual([-1, ...Array.from({ length: N - 1 }, (_, i) => i)]);
    expect((await outcomes(sends)).rejected).toEqual([]);
    expect(rx.tryRecv()).toEqual({ ok: true, value: N - 1 });
    expect(tx.capacity).toBe(1);
  });

  test('mpsc: selects and sends both waiting; one permit send gives each select one message', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const permit = await tx.reserve();
    const selects = Array.from({ length: N }, () => select({ rx }));
    const sends = Array.from({ length: N }, (_, i) => tx.send(i));
    expect(() => permit.send(-1)).not.toThrow();
    const got = await outcomes(selects);
    expect(got.rejected).toEqual([]);
    const values = got.fulfilled.map((r) => (r as { value: number }).value).sort((a, b) => a - b);
    expect(values).toEqual([-1, ...Array.from({ length: N - 1 }, (_, i) => i)]);
    expect((await outcomes(sends)).rejected).toEqual([]);
    expect(rx.tryRecv()).toEqual({ ok: true, value: N - 1 });
  });

  test('mpsc: sends and part-filled reserves on one signal, aborted at once: none completes, no slot lost', async () => {
    const [tx, rx] = mpsc.channel<number>(2);
    await tx.send(0);
    const ac = new AbortController();
    const reason = new Error('stop');
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      waits.push(i % 2 === 0 ? tx.reserveMany(2, { signal: ac.signal }) : tx.send(i, { signal: ac.signal }));
    }
    ac.abort(reason);
    const got = await outcomes(waits);
    expect(got.fulfilled).toEqual([]);
    expect(got.rejected.every((e) => e === reason)).toBe(true);
    await settle();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    expect(tx.capacity).toBe(1);
    expect(rx.tryRecv()).toEqual({ ok: true, value: 0 });
    expect(rx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
    expect(tx.capacity).toBe(2);
  });

  test('mpsc: the receiver closes under waiting sends: each rejects with its own value', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(-1);
    const sends = Array.from({ length: N }, (_, i) => tx.send(i));
    rx.close();
    const got = await outcomes(sends);
    expect(got.fulfilled).toEqual([]);
    expect(got.rejected.map((e) => ChannelClosedError.is(e) && e.value)).toEqual(
      Array.from({ length: N }, (_, i) => i),
    );
    expect(await rx.recv()).toBe(-1);
    expect(await rx.recv()).toBeUndefined();
  });

  test('mpsc: the last sender closes under waiting receives: each ends', async () => {
    const [tx, rx] = mpsc.unbounded<number>();
    const recvs = Array.from({ length: N }, () => rx.recv());
    tx.close();
    const got = await outcomes(recvs);
    expect(got.fulfilled.length).toBe(N);
    expect(got.fulfilled.every((v) => v === undefined)).toBe(true);
  });

  test('broadcast: waiting receives of one receiver get one value each, in order; closing ends its own', async () => {
    const [tx, rx] = broadcast<number>(N);
    const others = Array.from({ length: 1000 }, () => tx.subscribe());
    const mine = Array.from({ length: N }, () => rx.recv());
    const theirs = others.map((other) => other.recv());
    for (let i = 0; i < N; i++) tx.send(i);
    expect((await outcomes(mine)).fulfilled).toEqual(Array.from({ length: N }, (_, i) => i));
    expect((await outcomes(theirs)).fulfilled).toEqual(Array(1000).fill(0));
    const waiting = Array.from({ length: N }, () => rx.recv());
    rx.close();
    const ended = await outcomes(waiting);
    expect(ended.fulfilled.length).toBe(N);
    expect(ended.fulfilled.every((v) => v === undefined)).toBe(true);
  });

  test('watch: one send wakes every waiting changed(); closing a receiver rejects its own', async () => {
    const [tx, first] = watch(0);
    const rxs = [first, ...Array.from({ length: N - 1 }, () => first.clone())];
    const waits = rxs.map((rx) => rx.changed());
    tx.send(1);
    expect((await outcomes(waits)).fulfilled.length).toBe(N);
    const again = Array.from({ length: N }, () => first.changed());
    first.close();
    const got = await outcomes(again);
    expect(got.rejected.length).toBe(N);
    expect(got.rejected.every(ChannelClosedError.is)).toBe(true);
  });

  test('oneshot: the first waiting receive gets the value, the others are told it is gone', async () => {
    const [tx, rx] = oneshot<number>();
    const recvs = Array.from({ length: N }, () => rx.recv());
    tx.send(7);
    const got = await outcomes(recvs);
    expect(got.fulfilled).toEqual([7]);
    expect(got.rejected.length).toBe(N - 1);
  });

  test('closed({ signal }): waits on one signal all leave on abort; waits on none all resolve on close', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const ac = new AbortController();
    const aborted = Array.from({ length: N }, () => tx.closed({ signal: ac.signal }));
    ac.abort('stop');
    expect((await outcomes(aborted)).rejected.length).toBe(N);
    const ac2 = new AbortController();
    const resolved = Array.from({ length: N }, () => tx.closed({ signal: ac2.signal }));
    rx.close();
    expect((await outcomes(resolved)).fulfilled.length).toBe(N);
    await settle();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(ac2.signal, 'abort')).toHaveLength(0);
  });
});

/**
 * The fastest of five runs of `work(n)`, each returning the time of the phase it measures (set-up
 * excluded), in ms: scaling tests compare it for two sizes, as a ratio with a generous bound.
 */
function fastest(work: (n: number) => number, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) best = Math.min(best, work(n));
  return best;
}

/**
 * The time `phase` takes, in ms, after a full collection: what the set-up allocated is then old, so
 * that a young-generation collection during the phase does not cost in proportion to the set-up.
 */
function timed(phase: () => void): number {
  heapAfterGc();
  const start = performance.now();
  phase();
  return performance.now() - start;
}

describe('cost grows with the work, not faster', () => {
  // Closing 5,000 receivers while n others wait: O(1) per close costs about the same for n = 5,000
  // and n = 80,000 (a larger heap costs a little more to touch); a close that walks every waiter of
  // the channel costs 16 times as much. The bound, 8, stands far from both: a bound of 2.5 between
  // 10,000 and 40,000 (ratios 1 and 4) failed at 2.56 with another test file running beside it.
  const CLOSED = 5000;

  test('broadcast: closing a receiver costs the same however many others wait', () => {
    const closeSome = (n: number) => {
      const [tx, first] = broadcast<number>(2);
      const rxs = [first, ...Array.from({ length: n - 1 }, () => tx.subscribe())];
      for (const rx of rxs) rx.recv().catch(() => {});
      return timed(() => {
        for (let i = 0; i < CLOSED; i++) rxs[i]!.close();
      });
    };
    closeSome(80_000); // warm-up
    expect(fastest(closeSome, 80_000) / fastest(closeSome, 5_000)).toBeLessThan(8);
  });

  test('watch: closing a receiver costs the same however many others wait', () => {
    const closeSome = (n: number) => {
      const [, first] = watch(0);
      const rxs = [first, ...Array.from({ length: n - 1 }, () => first.clone())];
      for (const rx of rxs) rx.changed().catch(() => {});
      return timed(() => {
        for (let i = 0; i < CLOSED; i++) rxs[i]!.close();
      });
    };
    closeSome(80_000);
    expect(fastest(closeSome, 80_000) / fastest(closeSome, 5_000)).toBeLessThan(8);
  });
});

describe('memory per operation is flat', () => {
  /** Heap growth per round after `rounds` rounds of `round`, all settled and collected. */
  async function perRound(rounds: number, round: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < 1000; i++) await round(); // warm-up: code and caches
    const before = heapAfterGc();
    for (let i = 0; i < rounds; i++) await round();
    await settle();
    return (heapAfterGc() - before) / rounds;
  }

  test('mpsc: waiting receives on one long-lived signal keep nothing', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const signal = new AbortController().signal;
    const bytes = await perRound(N, () => {
      const r = rx.recv({ signal });
      tx.trySend(1);
      return r;
    });
    expect(bytes).toBeLessThan(8);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  test('mpsc: sends aborted on a full channel keep nothing', async () => {
    const [tx] = mpsc.channel<number>(1);
    tx.trySend(0);
    const bytes = await perRound(N, () => {
      const ac = new AbortController();
      const s = tx.send(1, { signal: ac.signal }).catch(() => {});
      ac.abort();
      return s;
    });
    expect(bytes).toBeLessThan(8);
  });

  test('closed({ signal }) aborted again and again keeps nothing', async () => {
    const [tx] = mpsc.channel<number>(1);
    const [otx] = oneshot<number>();
    const [wtx] = watch(0);
    const bytes = await perRound(N, () => {
      const ac = new AbortController();
      const waits = [tx.closed(ac), otx.closed(ac), wtx.closed(ac)].map((p) => p.catch(() => {}));
      ac.abort();
      return Promise.all(waits);
    });
    expect(bytes).toBeLessThan(8);
  });

  test('broadcast: receivers that subscribe, wait, and close keep nothing', async () => {
    const [tx] = broadcast<number>(16);
    const bytes = await perRound(N, () => {
      const rx = tx.subscribe();
      const r = rx.recv();
      rx.close();
      return r;
    });
    expect(bytes).toBeLessThan(8);
  });
});

describe('limits', () => {
  test('broadcast(2 ** 30) allocates as the ring fills, not up front', () => {
    const out = runIsolated(`
      globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      const [tx, rx] = channels.broadcast(2 ** 30);
      for (let i = 0; i < 1000; i++) tx.send(i);
      let sum = 0;
      for (let i = 0; i < 1000; i++) sum += await rx.recv();
      globalThis.gc();
      console.log(tx.capacity, sum, process.memoryUsage().heapUsed - before < 2 ** 20);
    `);
    expect(out.stdout).toBe(`${2 ** 30} 499500 true`);
  });

  test('broadcast refuses a capacity above its documented maximum with a RangeError', () => {
    // In a process of its own: a channel that allocated its ring up front would exhaust the heap.
    const out = runIsolated(`
      for (const capacity of [2 ** 30 + 1, 2 ** 53]) {
        try {
          channels.broadcast(capacity);
          console.log('accepted');
        } catch (e) {
          console.log(e.name + ': ' + e.message);
        }
      }
    `);
    expect(out.stdout.split('\n')).toEqual([
      `RangeError: capacity must be an integer from 1 to ${2 ** 30}, got ${2 ** 30 + 1} (number)`,
      `RangeError: capacity must be an integer from 1 to ${2 ** 30}, got ${2 ** 53} (number)`,
    ]);
  });

  test('tryReserveMany answers full for any count above capacity, even beyond the safe integers', () => {
    const [tx] = mpsc.channel<number>(4);
    for (const n of [5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 2 ** 60, Number.MAX_VALUE]) {
      expect(tx.tryReserveMany(n)).toBe('full');
    }
    expect(tx.capacity).toBe(4);
  });

  test('tryReserveMany and reserveMany refuse what is not a count', () => {
    const [tx] = mpsc.channel<number>(4);
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => tx.tryReserveMany(n)).toThrow(RangeError);
      expect(() => tx.reserveMany(n)).toThrow(RangeError);
    }
    expect(() => tx.tryReserveMany('2' as unknown as number)).toThrow(
      new TypeError('n must be an integer, got "2" (string)'),
    );
  });

  test('isClosed is false while a reserved permit can still send, as tokio', async () => {
    const [tx, rx] = mpsc.channel<string>(2);
    const permit = await tx.reserve();
    tx.close();
    expect(rx.isClosed()).toBe(false);
    permit.send('late');
    expect(rx.isClosed()).toBe(true);
    expect(await rx.recv()).toBe('late');
    expect(await rx.recv()).toBeUndefined();
  });

  test('isClosed is false while a send of a closed sender handle still waits', async () => {
    const [tx, rx] = mpsc.channel<string>(1);
    await tx.send('a');
    const waiting = tx.send('b');
    tx.close();
    expect(rx.isClosed()).toBe(false);
    expect(await rx.recv()).toBe('a');
    await waiting;
    expect(rx.isClosed()).toBe(true);
    expect(await rx.recv()).toBe('b');
  });
});
