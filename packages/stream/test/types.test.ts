import type { TimeoutError } from '@async/time';
import { describe, expectTypeOf, test } from 'vitest';
import {
  buffered,
  bufferUnordered,
  chunks,
  collect,
  enumerate,
  filter,
  filterMap,
  flatMap,
  fold,
  map,
  mapAsync,
  merge,
  pipe,
  type Stream,
  StreamMap,
  scan,
  skip,
  stream,
  take,
  timeout,
  zip,
} from '../src/index';

describe('types infer through long chains', () => {
  test('pipe', async () => {
    const out = await pipe(
      [1, 2, 3],
      map((x) => x * 2),
      filter((x) => x > 1),
      map((x) => `${x}`),
      enumerate(),
      map(([i, s]) => ({ i, s })),
      filterMap((o) => (o.i > 0 ? o.s.length : undefined)),
      skip(1),
      take(5),
      chunks(2),
      flatMap((batch) => batch),
      scan((acc, n) => acc + n, 0),
      collect(),
    );
    expectTypeOf(out).toEqualTypeOf<number[]>();
    const folded = await pipe(
      ['a'],
      zip([1]),
      fold('', (acc, [s, n]) => acc + s + n),
    );
    expectTypeOf(folded).toEqualTypeOf<string>();
    const narrowed = await pipe(
      [1, 'a', 2] as (number | string)[],
      filter((x): x is number => typeof x === 'number'),
      collect(),
    );
    expectTypeOf(narrowed).toEqualTypeOf<number[]>();
  });

  test('tasks, merge, timeout', async () => {
    const r = await pipe(
      [1, 2],
      map((x) => async (_signal: AbortSignal) => `${x}`),
      bufferUnordered(2),
      collect(),
    );
    expectTypeOf(r).toEqualTypeOf<string[]>();
    const r2 = await pipe([Promise.resolve(1)], buffered(2), collect());
    expectTypeOf(r2).toEqualTypeOf<number[]>();
    const m = await pipe(merge([1], ['a'], [true]), collect());
    expectTypeOf(m).toEqualTypeOf<(number | string | boolean)[]>();
    const t = await pipe([1], timeout(10), collect());
    expectTypeOf(t).toEqualTypeOf<(number | TimeoutError)[]>();
    const a = await pipe(
      [1],
      mapAsync(async (x) => [x]),
      collect(),
    );
    expectTypeOf(a).toEqualTypeOf<number[][]>();
  });

  test('fluent', async () => {
    const s = stream([1, 2, 3])
      .map((x) => ({ x }))
      .filter((o) => o.x > 1)
      .mapAsync(async (o) => o.x)
      .enumerate()
      .map(([i, x]) => i + x)
      .chunks(2)
      .flatMap((b) => b.map((n) => n))
      .merge(['a'])
      .zip([true]);
    expectTypeOf(s).toEqualTypeOf<Stream<[number | string, boolean]>>();
    expectTypeOf(await s.collect()).toEqualTypeOf<[number | string, boolean][]>();
    expectTypeOf(
      await stream([1])
        .map((x) => () => x)
        .bufferUnordered(2)
        .collect(),
    ).toEqualTypeOf<number[]>();
    expectTypeOf(
      await stream([[1], [2]])
        .flatten()
        .collect(),
    ).toEqualTypeOf<number[]>();
    const map = new StreamMap<string, number>();
    for await (const entry of map) expectTypeOf(entry).toEqualTypeOf<[string, number]>();
  });
});
