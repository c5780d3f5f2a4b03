import { describe, expect, test } from 'vitest';
import {
  collect,
  enumerate,
  filter,
  filterMap,
  inspect,
  map,
  pipe,
  repeat,
  scan,
  skip,
  skipWhile,
  stream,
  take,
  takeWhile,
} from '../src/index';
import { flush, probe } from './helpers';

describe('synchronous operators', () => {
  test('map, filter, filterMap, enumerate, inspect, scan', async () => {
    expect(
      await pipe(
        [1, 2, 3],
        map((x) => x + 1),
        collect(),
      ),
    ).toEqual([2, 3, 4]);
    expect(
      await pipe(
        [1, 2, 3, 4],
        filter((x) => x % 2 === 1),
        collect(),
      ),
    ).toEqual([1, 3]);
    expect(
      await pipe(
        [1, 2, 3],
        filterMap((x) => (x === 2 ? undefined : x * 2)),
        collect(),
      ),
    ).toEqual([2, 6]);
    expect(await pipe(['a', 'b'], enumerate(), collect())).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    const seen: number[] = [];
    expect(
      await pipe(
        [5, 6],
        inspect((x) => seen.push(x)),
        collect(),
      ),
    ).toEqual([5, 6]);
    expect(seen).toEqual([5, 6]);
    expect(
      await pipe(
        [1, 2, 3],
        scan((a, x) => a + x, 10),
        collect(),
      ),
    ).toEqual([11, 13, 16]);
  });

  test('take, skip, takeWhile, skipWhile', async () => {
    expect(await pipe([1, 2, 3], take(2), collect())).toEqual([1, 2]);
    expect(await pipe([1, 2, 3], take(5), collect())).toEqual([1, 2, 3]);
    expect(await pipe([1, 2, 3], skip(1), collect())).toEqual([2, 3]);
    expect(
      await pipe(
        [1, 2, 3, 1],
        takeWhile((x) => x < 3),
        collect(),
      ),
    ).toEqual([1, 2]);
    expect(
      await pipe(
        [1, 2, 3, 1],
        skipWhile((x) => x < 3),
        collect(),
      ),
    ).toEqual([3, 1]);
    expect(await pipe(repeat(1), take(Number.POSITIVE_INFINITY), take(3), collect())).toEqual([1, 1, 1]);
  });

  test('nothing runs before the first pull', async () => {
    const p = probe([1, 2, 3]);
    let calls = 0;
    const s = pipe(
      p,
      map((x) => {
        calls++;
        return x;
      }),
    );
    await flush();
    expect(p.pulled).toBe(0);
    expect(calls).toBe(0);
    const it = s[Symbol.asyncIterator]();
    expect(p.pulled).toBe(0);
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(p.pulled).toBe(1);
  });

  test('each iteration has fresh stage state', async () => {
    const s = pipe([1, 2, 3, 4], skip(1), take(2), enumerate());
    const first = await pipe(s, collect());
    const second = await pipe(s, collect());
    expect(first).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(second).toEqual(first);
  });

  test('take(n) pulls exactly n items and calls return() upstream', async () => {
    const p = probe([1, 2, 3, 4, 5]);
    const out: number[] = [];
    for await (const x of pipe(p, take(2))) out.push(x);
    expect(out).toEqual([1, 2]);
    expect(p.pulled).toBe(2);
    expect(p.finalized).toBe(true);
  });

  test('take(0) never pulls', async () => {
    const p = probe([1]);
    expect(
      await pipe(
        p,
        map((x) => x),
        take(0),
        collect(),
      ),
    ).toEqual([]);
    expect(p.pulled).toBe(0);
  });

  test('takeWhile ends at the first failing item and returns upstream', async () => {
    const p = probe([1, 5, 2, 3]);
    expect(
      await pipe(
        p,
        takeWhile((x) => x < 4),
        collect(),
      ),
    ).toEqual([1]);
    expect(p.pulled).toBe(2);
    expect(p.finalized).toBe(true);
  });

  test('break runs the upstream finally', async () => {
    const p = probe([1, 2, 3]);
    for await (const x of stream(p).map((x) => x * 2)) if (x === 2) break;
    expect(p.finalized).toBe(true);
  });

  test('an error thrown by a stage propagates in order and returns upstream', async () => {
    const p = probe([1, 2, 3]);
    const out: number[] = [];
    const boom = new Error('boom');
    await expect(
      (async () => {
        for await (const x of pipe(
          p,
          map((x) => {
            if (x === 2) throw boom;
            return x;
          }),
        ))
          out.push(x);
      })(),
    ).rejects.toBe(boom);
    expect(out).toEqual([1]);
    expect(p.finalized).toBe(true);
  });

  test('a source error propagates after the items before it', async () => {
    async function* failing() {
      yield 1;
      throw new Error('source');
    }
    const out: number[] = [];
    await expect(
      pipe(
        failing(),
        map((x) => x),
        filter(() => true),
        inspect((x) => out.push(x)),
        collect(),
      ),
    ).rejects.toThrow('source');
    expect(out).toEqual([1]);
  });

  test('concurrent next() calls are served in order', async () => {
    const it = pipe(
      probe([1, 2, 3]),
      map((x) => x * 10),
    )[Symbol.asyncIterator]();
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(results.map((r) => r.value)).toEqual([10, 20, 30, undefined]);
    expect(results[3]!.done).toBe(true);
  });

  test('return() before the first pull leaves the source untouched', async () => {
    const p = probe([1]);
    const it = pipe(
      p,
      map((x) => x),
    )[Symbol.asyncIterator]();
    expect(await it.return!()).toEqual({ done: true, value: undefined });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(p.pulled).toBe(0);
  });

  test('bad input fails at construction', () => {
    expect(() => take(-1)).toThrow(RangeError);
    expect(() => take(1.5)).toThrow(RangeError);
    expect(() => skip(Number.NaN)).toThrow(RangeError);
    expect(() => map(3 as never)).toThrow(TypeError);
    expect(() => filter(undefined as never)).toThrow(TypeError);
    expect(() =>
      pipe(
        42 as never,
        map((x) => x),
      ),
    ).toThrow(/AsyncIterable or an Iterable/);
    expect(() => stream({} as never)).toThrow(TypeError);
  });
});
