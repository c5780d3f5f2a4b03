import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { JoinError } from '../src/errors';
import { JoinSet } from '../src/join-set';
import { gate, untilAborted } from './helpers';

describe('JoinSet', () => {
  test('joinNext yields tasks in completion order, then undefined when empty', async () => {
    const set = new JoinSet<string>();
    const gates = [gate<string>(), gate<string>(), gate<string>()];
    for (const g of gates) set.spawn(() => g.promise);
    gates[2]!.open('c');
    gates[0]!.open('a');
    gates[1]!.open('b');
    expect([await set.joinNext(), await set.joinNext(), await set.joinNext()]).toEqual(['c', 'a', 'b']);
    expect(set.size).toBe(0);
    expect(await set.joinNext()).toBeUndefined();
  });

  test('a failed task rejects joinNext with its JoinError and leaves the set', async () => {
    const set = new JoinSet<number>();
    set.spawn(async () => {
      throw new Error('bad');
    });
    const error = await set.joinNext().catch((e: unknown) => e);
    expect(JoinError.is(error) && error.isFailure()).toBe(true);
    expect(set.size).toBe(0);
  });

  test('tryJoinNext takes only tasks that have finished', async () => {
    const set = new JoinSet<number>();
    const g = gate<number>();
    set.spawn(() => g.promise);
    expect(set.tryJoinNext()).toBeUndefined();
    g.open(7);
    await g.promise;
    await null;
    expect(set.tryJoinNext()).toEqual({ value: 7 });
    expect(set.tryJoinNext()).toBeUndefined();
  });

  test('whatever order tasks settle in, abortAll then reaches exactly the ones still running', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 12 })
          .chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()]))),
        async ([n, settleFirst]) => {
          const set = new JoinSet<number>();
          const gates = Array.from({ length: n }, () => gate<number>());
          const aborted = new Set<number>();
          for (const [i, g] of gates.entries()) {
            set.spawn((signal) => {
              signal.addEventListener('abort', () => {
                aborted.add(i);
                g.open(-1);
              });
              return g.promise;
            });
          }
          for (const i of settleFirst) gates[i]!.open(i);
          await Promise.all(settleFirst.map((i) => gates[i]!.promise));
          await null;
          set.abortAll();
          const stillRunning = [...Array(n).keys()].filter((i) => !settleFirst.includes(i));
          expect([...aborted].sort((a, b) => a - b)).toEqual(stillRunning);
          const joined: number[] = [];
          for (let v = await set.joinNext(); v !== undefined; v = await set.joinNext()) joined.push(v);
          expect(joined.slice(0, settleFirst.length)).toEqual(settleFirst);
          expect(joined.length).toBe(n);
          expect(set.size).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('abortAll aborts every task but keeps them in the set until joined', async () => {
    const set = new JoinSet<never>();
    set.spawn(untilAborted);
    set.spawn(untilAborted);
    set.abortAll();
    expect(set.size).toBe(2);
    for (let i = 0; i < 2; i++) {
      const e = await set.joinNext().catch((x: unknown) => x);
      expect(JoinError.is(e) && e.isCancelled()).toBe(true);
    }
    expect(set.size).toBe(0);
  });

  test('shutdown aborts every task and waits until each has stopped', async () => {
    const set = new JoinSet<void>();
    const stopped: number[] = [];
    for (let i = 0; i < 3; i++) {
      set.spawn(async (signal) => {
        await untilAborted(signal).catch(() => undefined);
        await null;
        stopped.push(i);
      });
    }
    await set.shutdown();
    expect(stopped.sort()).toEqual([0, 1, 2]);
    expect(set.size).toBe(0);
  });

  test('await using aborts and awaits the tasks left when the block ends, even on an exception', async () => {
    const stopped: string[] = [];
    await expect(
      (async () => {
        await using set = new JoinSet<void>();
        set.spawn((signal) => untilAborted(signal).finally(() => stopped.push('a')));
        set.spawn((signal) => untilAborted(signal).finally(() => stopped.push('b')));
        throw new Error('leaving early');
      })(),
    ).rejects.toThrow('leaving early');
    expect(stopped.sort()).toEqual(['a', 'b']);
  });

  test('async iteration yields values in completion order', async () => {
    const set = new JoinSet<number>();
    const gates = [gate<number>(), gate<number>()];
    for (const g of gates) set.spawn(() => g.promise);
    gates[1]!.open(2);
    gates[0]!.open(1);
    const seen: number[] = [];
    for await (const v of set) seen.push(v);
    expect(seen).toEqual([2, 1]);
  });

  test('joinNext is cancel safe: an aborted wait takes no task', async () => {
    const set = new JoinSet<string>();
    const g = gate<string>();
    set.spawn(() => g.promise);
    const controller = new AbortController();
    const waiting = set.joinNext({ signal: controller.signal });
    controller.abort('gave up');
    await expect(waiting).rejects.toBe('gave up');
    g.open('still here');
    expect(await set.joinNext()).toBe('still here');
  });

  test('concurrent joinNext callers are served in order', async () => {
    const set = new JoinSet<number>();
    const gates = [gate<number>(), gate<number>()];
    for (const g of gates) set.spawn(() => g.promise);
    const first = set.joinNext();
    const second = set.joinNext();
    gates[1]!.open(20);
    gates[0]!.open(10);
    expect(await first).toBe(20);
    expect(await second).toBe(10);
  });

  test('a task failing synchronously is still reported by the set, never as unhandled', async () => {
    const set = new JoinSet<number>();
    set.spawn(() => {
      throw new Error('sync');
    });
    expect(set.size).toBe(1);
    await expect(set.joinNext()).rejects.toSatisfy((e: unknown) => JoinError.is(e));
  });
});
