import { describe, expect, test } from 'vitest';
import { buffered, bufferUnordered, collect, forEach, map, pipe, stream, take } from '../src/index';
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

  test('a consumed result frees its slot at the next poll: n tasks stay in flight under a terminal', async () => {
    for (const op of [bufferUnordered, buffered]) {
      const { tasks, make } = deferred();
      const inFlight: number[] = [];
      const done = pipe(
        [1, 2, 3, 4, 5, 6],
        map(make),
        op(2),
        forEach(() => {
          inFlight.push(tasks.filter((t) => !t.signal.aborted).length);
        }),
      );
      // Settle every task in input order as it starts, one turn at a time (bounded).
      for (let i = 0; i < 6; i++) {
        await flush();
        tasks[i]?.resolve(i);
      }
      await done;
      expect(tasks.length).toBe(6);
      // When the consumer gets result k, tasks up to k + 1 have started: never more than 2 ahead.
      expect(inFlight).toEqual([2, 3, 4, 5, 6, 6]);
    }
  });

  test('terminals take every ready result in one turn and still stop upstream: take(2) aborts the rest', async () => {
    for (const op of [bufferUnordered, buffered]) {
      const { tasks, make } = deferred();
      let finalized = false;
      function* src() {
        try {
          for (let i = 1; i <= 10; i++) yield make(i);
        } finally {
          finalized = true;
        }
      }
      const out = pipe(src(), op(4), take(2), collect());
      await flush();
      for (const t of tasks) t.resolve(t.value);
      expect(await out).toEqual([1, 2]);
      expect(finalized).toBe(true);
      expect(tasks.slice(4).every((t) => t.signal.aborted)).toBe(true);
    }
  });

  test('collect gathers more items than one of its parts, in order, from sync and async sources', async () => {
    const n = 10_000;
    const values = Array.from({ length: n }, (_, i) => i);
    expect(await pipe(values, collect())).toEqual(values);
    expect(
      await pipe(
        values,
        map((x) => async () => x),
        buffered(16),
        collect(),
      ),
    ).toEqual(values);
    async function* gen() {
      for (const v of values) yield v;
    }
    expect(await pipe(gen(), collect())).toEqual(values);
  });

  test('a failure behind ready results: a terminal gets the results, then the failure, and no new task starts', async () => {
    let started = 0;
    const task = (i: number) => () => {
      started++;
      return i === 3 ? Promise.reject(new Error('three')) : Promise.resolve(i);
    };
    const seen: number[] = [];
    await expect(
      pipe(
        [1, 2, 3, 4, 5, 6, 7, 8],
        map(task),
        buffered(3),
        forEach((x) => {
          seen.push(x);
        }),
      ),
    ).rejects.toThrow('three');
    expect(seen).toEqual([1, 2]);
    expect(started).toBeLessThanOrEqual(5);
  });
});
