import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BulkheadRejectedError, bulkhead } from '../src/index';
import { listeners, settle, track } from './helpers';

/** An operation that runs until its gate is opened. */
function gated() {
  const gates: (() => void)[] = [];
  let running = 0;
  let peak = 0;
  let started = 0;
  const op = () =>
    new Promise<void>((resolve) => {
      started++;
      peak = Math.max(peak, ++running);
      gates.push(() => {
        running--;
        resolve();
      });
    });
  return {
    op,
    gates,
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
    get started() {
      return started;
    },
  };
}

describe('bulkhead', () => {
  test('runs at most maxConcurrent, queues up to maxQueue in FIFO order, refuses beyond', async () => {
    const limit = bulkhead(2, { maxQueue: 2 });
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const call = (i: number) =>
      track(
        limit.execute(
          () =>
            new Promise<void>((resolve) => {
              order.push(i);
              gates.push(resolve);
            }),
        ),
      );
    const calls = [0, 1, 2, 3, 4].map(call);
    await settle();
    expect(order).toEqual([0, 1]);
    expect([limit.active, limit.queued, limit.available]).toEqual([2, 2, 0]);
    expect(BulkheadRejectedError.is(calls[4]!.error)).toBe(true);
    gates[1]!();
    await settle();
    expect(order).toEqual([0, 1, 2]);
    gates[0]!();
    await settle();
    expect(order).toEqual([0, 1, 2, 3]);
    for (const g of gates) g();
    await settle();
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  test('an aborted queued caller frees its place at once and never runs (cockatiel PR #114)', async () => {
    const limit = bulkhead(1, { maxQueue: 1 });
    const g = gated();
    const first = track(limit.execute(g.op));
    const ac = new AbortController();
    let abortedRan = false;
    const queued = track(limit.execute(() => (abortedRan = true), { signal: ac.signal }));
    await settle();
    expect(BulkheadRejectedError.is((await limit.execute(g.op).catch((e) => e)) as unknown)).toBe(true);
    ac.abort('gave up');
    await settle();
    expect(queued).toEqual({ done: true, error: 'gave up' });
    expect(limit.queued).toBe(0);
    const next = track(limit.execute(() => 'next')); // the freed place is usable now
    await settle();
    expect(next.done).toBe(false);
    g.gates[0]!();
    await settle();
    expect(first.done).toBe(true);
    expect(next).toEqual({ done: true, value: 'next' });
    expect(abortedRan).toBe(false);
    expect(listeners(ac.signal)).toBe(0);
  });

  test('a failing or synchronously throwing operation frees its slot', async () => {
    const limit = bulkhead(1);
    await expect(limit.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(
      limit.execute(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(limit.available).toBe(1);
  });

  test('10,000 callers with random aborts: never above the limit, no slot lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        async (max, maxQueue, seed) => {
          const limit = bulkhead(max, { maxQueue });
          const g = gated();
          let rand = seed;
          const next = () => {
            rand = (rand * 1103515245 + 12345) & 0x7fffffff;
            return rand / 0x7fffffff;
          };
          const signal = new AbortController();
          const controllers: AbortController[] = [];
          const calls = Array.from({ length: 10_000 }, (_, i) => {
            const ac = next() < 0.3 ? new AbortController() : undefined;
            if (ac !== undefined) controllers.push(ac);
            return track(
              limit.execute(g.op, { signal: ac?.signal ?? (i % 2 === 0 ? signal.signal : undefined) }),
            );
          });
          // Interleave aborts with completions until every call has settled.
          for (let round = 0; round < 100_000 && !calls.every((c) => c.done); round++) {
            if (controllers.length > 0 && next() < 0.5)
              controllers.splice(Math.floor(next() * controllers.length), 1)[0]!.abort('x');
            else g.gates.shift()?.();
            await Promise.resolve();
            await Promise.resolve();
            expect(g.running).toBeLessThanOrEqual(max);
            expect(limit.active).toBeLessThanOrEqual(max);
          }
          await settle();
          expect(calls.every((c) => c.done)).toBe(true);
          expect(g.peak).toBeLessThanOrEqual(max);
          expect([limit.active, limit.queued, limit.available]).toEqual([0, 0, max]);
          // every call either ran, was refused, or was aborted before running
          const refused = calls.filter((c) => BulkheadRejectedError.is(c.error)).length;
          const aborted = calls.filter((c) => c.error === 'x').length;
          expect(g.started + refused + aborted).toBe(10_000);
          expect(listeners(signal.signal)).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });

  test('bad input throws at construction, naming the parameter', () => {
    expect(() => bulkhead(0)).toThrow(/maxConcurrent must be a positive integer, got 0 \(number\)/);
    expect(() => bulkhead('4' as never)).toThrow(
      /maxConcurrent must be a positive integer, got "4" \(string\)/,
    );
    expect(() => bulkhead(1, { maxQueue: -1 })).toThrow(/maxQueue must be a non-negative integer, got -1/);
    expect(() => bulkhead(1, { queue: 1 } as never)).toThrow(/unknown option "queue" of bulkhead/);
  });
});
