import { describe, expect, test } from 'vitest';
import { buffered, bufferUnordered, collect, map, pipe, stream } from '../src/index';
import { flush, probe } from './helpers';

/** A task whose completion the test controls, recording its signal. */
function deferred() {
  const tasks: {
    value: number;
    resolve: (v: number) => void;
    reject: (e: unknown) => void;
    signal: AbortSignal;
  }[] = [];
  const make = (value: number) => (signal: AbortSignal) =>
    new Promise<number>((resolve, reject) => {
      tasks.push({ value, resolve, reject, signal });
    });
  return { tasks, make };
}

describe('buffered / bufferUnordered', () => {
  test('bufferUnordered yields in completion order, buffered in input order', async () => {
    for (const [op, expected] of [
      [bufferUnordered, [2, 3, 1]],
      [buffered, [1, 2, 3]],
    ] as const) {
      const { tasks, make } = deferred();
      const it = pipe([1, 2, 3], map(make), op(3))[Symbol.asyncIterator]();
      const results = [it.next(), it.next(), it.next()];
      await flush();
      expect(tasks.map((t) => t.value)).toEqual([1, 2, 3]);
      tasks[1]!.resolve(2);
      tasks[2]!.resolve(3);
      tasks[0]!.resolve(1);
      expect((await Promise.all(results)).map((r) => r.value)).toEqual(expected);
      expect((await it.next()).done).toBe(true);
    }
  });

  test('never holds more than n tasks, counting finished unconsumed ones', async () => {
    for (const op of [bufferUnordered, buffered]) {
      let running = 0;
      let peak = 0;
      const out = await pipe(
        Array.from({ length: 50 }, (_, i) => i),
        map((i) => async () => {
          running++;
          peak = Math.max(peak, running);
          await flush();
          running--;
          return i;
        }),
        op(4),
        collect(),
      );
      expect(out.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(peak).toBe(4);

      const { tasks, make } = deferred();
      const it = pipe(probe([1, 2, 3, 4, 5, 6]), map(make), op(2))[Symbol.asyncIterator]();
      const first = it.next();
      await flush();
      expect(tasks.length).toBe(2);
      tasks[0]!.resolve(1);
      tasks[1]!.resolve(2);
      expect((await first).value).toBe(1);
      await flush();
      expect(tasks.length).toBe(2); // one result is held: no new task until the consumer asks
      await it.return!();
    }
  });

  test('break aborts the tasks in flight and runs the upstream finally', async () => {
    const p = probe(Array.from({ length: 10 }, (_, i) => i));
    const { tasks, make } = deferred();
    const s = pipe(p, map(make), bufferUnordered(3));
    const consumed: number[] = [];
    const loop = (async () => {
      for await (const x of s) {
        consumed.push(x);
        break;
      }
    })();
    await flush();
    expect(tasks.length).toBe(3);
    tasks[1]!.resolve(1);
    await loop;
    expect(consumed).toEqual([1]);
    expect(p.finalized).toBe(true);
    expect(tasks[0]!.signal.aborted).toBe(true);
    expect(tasks[2]!.signal.aborted).toBe(true);
    expect(p.pulled).toBe(3);
  });

  test('a failing task aborts the others, returns upstream, and rejects; results before it arrive first', async () => {
    const p = probe([1, 2, 3, 4]);
    const { tasks, make } = deferred();
    const it = pipe(p, map(make), buffered(3))[Symbol.asyncIterator]();
    const a = it.next();
    const b = it.next();
    await flush();
    tasks[0]!.resolve(10);
    tasks[1]!.reject(new Error('task 2'));
    expect((await a).value).toBe(10);
    await expect(b).rejects.toThrow('task 2');
    expect(tasks[2]!.signal.aborted).toBe(true);
    expect(p.finalized).toBe(true);
    expect((await it.next()).done).toBe(true);
  });

  test('a source error comes after the tasks started before it', async () => {
    async function* src() {
      yield () => 1;
      yield () => 2;
      throw new Error('source');
    }
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const x of stream(src()).buffered(4)) out.push(x);
      })(),
    ).rejects.toThrow('source');
    expect(out).toEqual([1, 2]);
  });

  test('bufferUnordered: a source error or a task that throws at once ends the stream', async () => {
    async function* src() {
      yield () => 1;
      throw new Error('source');
    }
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const x of stream(src()).bufferUnordered(4)) out.push(x);
      })(),
    ).rejects.toThrow('source');
    expect(out).toEqual([1]);
    const throwing = () => {
      throw new Error('sync');
    };
    await expect(pipe([throwing], bufferUnordered(2), collect())).rejects.toThrow('sync');
  });

  test('promises and plain values are accepted as items', async () => {
    expect(await pipe([Promise.resolve(1), 2], buffered(2), collect())).toEqual([1, 2]);
  });

  test('nothing starts before the first pull', async () => {
    let started = 0;
    pipe(
      [1, 2],
      map(() => () => started++),
      bufferUnordered(2),
    );
    await flush();
    expect(started).toBe(0);
  });

  test('bad n fails at construction', () => {
    expect(() => bufferUnordered(0)).toThrow(RangeError);
    expect(() => buffered(-1)).toThrow(RangeError);
    expect(() => buffered(1.5)).toThrow(RangeError);
  });
});
