import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CancellationToken } from '../src/cancellation-token';
import { CancelledError } from '../src/errors';
import { select } from '../src/select';
import { gate } from './helpers';
import { ToyQueue } from './toy-selectable';

describe('select', () => {
  test('returns the ready selectable branch with its key', async () => {
    const a = new ToyQueue<number>();
    const b = new ToyQueue<string>();
    b.push('hello');
    expect(await select({ a, b })).toEqual({ key: 'b', value: 'hello' });
  });

  test('a losing selectable branch never consumes (property over readiness orders)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat(3), { maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (rounds, biased) => {
          const queues = [0, 1, 2, 3].map((i) => new ToyQueue<string>(`q${i}`));
          const pushed: string[] = [];
          const received: string[] = [];
          let n = 0;
          for (const readyNow of rounds) {
            for (const q of readyNow) {
              const item = `m${n++}`;
              queues[q]!.push(item);
              pushed.push(item);
            }
            const [q0, q1, q2, q3] = queues as [
              ToyQueue<string>,
              ToyQueue<string>,
              ToyQueue<string>,
              ToyQueue<string>,
            ];
            const waiting = select({ q0, q1, q2, q3 }, { biased });
            if (readyNow.length === 0) {
              const item = `m${n++}`;
              queues[n % 4]!.push(item);
              pushed.push(item);
            }
            received.push((await waiting).value);
            for (const q of queues) expect(q.registrations).toBe(0);
          }
          const left = queues.flatMap((q) => q.items);
          expect([...received, ...left].sort()).toEqual([...pushed].sort());
          expect(received.length).toBe(rounds.length);
        },
      ),
    );
  });

  test('biased: the first ready branch in declaration order always wins', async () => {
    const a = new ToyQueue<string>();
    const b = new ToyQueue<string>();
    for (let i = 0; i < 10; i++) {
      a.push('a');
      b.push('b');
      expect((await select({ a, b }, { biased: true })).key).toBe('a');
    }
  });

  test('unbiased: the start rotates, so every ready branch wins sometimes', async () => {
    const queues = { a: new ToyQueue<number>(), b: new ToyQueue<number>(), c: new ToyQueue<number>() };
    const wins = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 300; i++) {
      for (const q of Object.values(queues)) if (q.items.length === 0) q.push(i);
      wins[(await select(queues)).key]++;
    }
    expect(wins.a).toBeGreaterThan(50);
    expect(wins.b).toBeGreaterThan(50);
    expect(wins.c).toBeGreaterThan(50);
  });

  test('waits for a selectable that becomes ready later, and unregisters the others', async () => {
    const a = new ToyQueue<number>();
    const b = new ToyQueue<number>();
    const waiting = select({ a, b });
    expect([a.registrations, b.registrations]).toEqual([1, 1]);
    b.push(2);
    expect(await waiting).toEqual({ key: 'b', value: 2 });
    expect([a.registrations, b.registrations, a.taken]).toEqual([0, 0, 0]);
  });

  test('disabled branches (undefined / null / false) are skipped; all disabled resolves undefined', async () => {
    const a = new ToyQueue<number>();
    a.push(1);
    const enabled = false;
    expect(await select({ a: enabled && a, b: undefined, c: null })).toBeUndefined();
    expect(await select({ a: enabled ? undefined : a, b: undefined })).toEqual({ key: 'a', value: 1 });
  });

  test('promise branches are raced; a later rejection of a loser is handled', async () => {
    const slowFailure = gate<never>();
    const fast = gate<string>();
    const result = select({ slowFailure: slowFailure.promise, fast: fast.promise });
    fast.open('fast');
    expect(await result).toEqual({ key: 'fast', value: 'fast' });
    slowFailure.fail(new Error('late'));
    await new Promise((r) => setImmediate(r)); // an unhandled rejection would be reported by now
  });

  test('a long-lived promise raced in a loop: later selects see its outcome; losing ones left nothing', async () => {
    const shutdown = gate<string>();
    const msg = new ToyQueue<number>();
    for (let i = 0; i < 1000; i++) {
      const turn = select({ msg, shutdown: shutdown.promise });
      msg.push(i);
      expect(await turn).toEqual({ key: 'msg', value: i });
    }
    expect(msg.registrations).toBe(0);
    const waiting = select({ msg, shutdown: shutdown.promise });
    shutdown.open('bye');
    expect(await waiting).toEqual({ key: 'shutdown', value: 'bye' });
    // Settled: the next select completes with it (later, as a reaction would), unless a selectable is ready.
    expect(await select({ msg, shutdown: shutdown.promise })).toEqual({ key: 'shutdown', value: 'bye' });
    msg.push(7);
    expect(await select({ shutdown: shutdown.promise, msg }, { biased: true })).toEqual({
      key: 'msg',
      value: 7,
    });
    const failed = gate<never>();
    failed.fail(new Error('gone'));
    await expect(select({ msg, failed: failed.promise })).rejects.toThrow('gone');
    await expect(select({ msg, failed: failed.promise })).rejects.toThrow('gone');
  });

  test('function branches are started with a signal and aborted when they lose', async () => {
    let loserReason: unknown;
    const result = await select({
      winner: async () => 'won',
      loser: (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            loserReason = signal.reason;
            reject(signal.reason);
          }),
        ),
    });
    expect(result).toEqual({ key: 'winner', value: 'won' });
    expect(CancelledError.is(loserReason)).toBe(true);
  });

  test('a function branch is not started when a selectable is ready at once', async () => {
    const q = new ToyQueue<number>();
    q.push(1);
    let started = false;
    await select({
      q,
      fn: async () => {
        started = true;
      },
    });
    expect(started).toBe(false);
  });

  test('a rejecting branch rejects the select', async () => {
    await expect(select({ bad: Promise.reject(new Error('nope')), q: new ToyQueue() })).rejects.toThrow(
      'nope',
    );
    await expect(
      select({
        fn: () => {
          throw new Error('sync');
        },
      }),
    ).rejects.toThrow('sync');
  });

  test('the signal rejects with its reason, consumes nothing and unregisters everything', async () => {
    const controller = new AbortController();
    const q = new ToyQueue<number>();
    const waiting = select({ q }, { signal: controller.signal });
    controller.abort('stop');
    await expect(waiting).rejects.toBe('stop');
    expect(q.registrations).toBe(0);
    q.push(1);
    expect(q.items).toEqual([1]);
    await expect(select({ q }, { signal: controller.signal })).rejects.toBe('stop');
    expect(q.items).toEqual([1]);
    await null;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('CancellationToken is a branch', async () => {
    const token = new CancellationToken();
    const never = new ToyQueue<number>();
    const waiting = select({ token, never });
    token.cancel();
    expect(await waiting).toEqual({ key: 'token', value: undefined });
  });

  test('a non-selectable object is a TypeError at the call, whatever else is ready', () => {
    const q = new ToyQueue<number>();
    q.push(1);
    expect(() => select({ q, bad: { not: 'selectable' } as never })).toThrow(/branch 'bad'/);
    expect(() => select({ bad: 42 as never })).toThrow(TypeError);
    expect(q.items).toEqual([1]);
  });
});
