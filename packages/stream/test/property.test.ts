import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
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
  merge,
  pipe,
  reduce,
  type StreamInput,
  scan,
  skip,
  skipWhile,
  take,
  takeWhile,
  zip,
} from '../src/index';

async function* gen<T>(xs: readonly T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}
/** A source that yields after a random number of microtask turns per item. */
async function* jittery<T>(xs: readonly T[], delays: readonly number[]): AsyncGenerator<T> {
  for (let i = 0; i < xs.length; i++) {
    for (let d = delays[i % Math.max(1, delays.length)] ?? 0; d > 0; d--) await Promise.resolve();
    yield xs[i]!;
  }
}
const sources = <T>(xs: T[]): StreamInput<T>[] => [xs, gen(xs)];

const ints = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 });
const count = fc.integer({ min: 0, max: 45 });
const runs = { numRuns: 60 };

describe('every operator agrees with its Array counterpart', () => {
  test('map, filter, filterMap, take, skip, takeWhile, skipWhile, enumerate, scan', async () => {
    await fc.assert(
      fc.asyncProperty(ints, count, fc.integer({ min: 1, max: 7 }), async (xs, n, k) => {
        for (const src of [() => xs, () => gen(xs)]) {
          expect(
            await pipe(
              src(),
              map((x) => x * k),
              collect(),
            ),
          ).toEqual(xs.map((x) => x * k));
          expect(
            await pipe(
              src(),
              filter((x) => x % k === 0),
              collect(),
            ),
          ).toEqual(xs.filter((x) => x % k === 0));
          expect(
            await pipe(
              src(),
              filterMap((x) => (x > 0 ? -x : undefined)),
              collect(),
            ),
          ).toEqual(xs.filter((x) => x > 0).map((x) => -x));
          expect(await pipe(src(), take(n), collect())).toEqual(xs.slice(0, n));
          expect(await pipe(src(), skip(n), collect())).toEqual(xs.slice(n));
          const firstFail = xs.findIndex((x) => x >= k * 5);
          const cut = firstFail === -1 ? xs.length : firstFail;
          expect(
            await pipe(
              src(),
              takeWhile((x) => x < k * 5),
              collect(),
            ),
          ).toEqual(xs.slice(0, cut));
          expect(
            await pipe(
              src(),
              skipWhile((x) => x < k * 5),
              collect(),
            ),
          ).toEqual(xs.slice(cut));
          expect(await pipe(src(), enumerate(), collect())).toEqual(xs.map((x, i) => [i, x]));
          const running: number[] = [];
          let sum = 0;
          for (const x of xs) running.push((sum += x));
          expect(
            await pipe(
              src(),
              scan((a, x) => a + x, 0),
              collect(),
            ),
          ).toEqual(running);
        }
      }),
      runs,
    );
  });

  test('fold, reduce, chunks, zip, flatMap', async () => {
    await fc.assert(
      fc.asyncProperty(ints, ints, fc.integer({ min: 1, max: 6 }), async (xs, ys, size) => {
        for (const src of sources(xs))
          expect(
            await pipe(
              src,
              fold(1, (a, x) => a * 3 + x),
            ),
          ).toBe(xs.reduce((a, x) => a * 3 + x, 1));
        if (xs.length > 0)
          expect(
            await pipe(
              gen(xs),
              reduce((a, b) => Math.max(a, b)),
            ),
          ).toBe(xs.reduce((a, b) => Math.max(a, b)));
        const expectedChunks: number[][] = [];
        for (let i = 0; i < xs.length; i += size) expectedChunks.push(xs.slice(i, i + size));
        expect(await pipe(gen(xs), chunks(size), collect())).toEqual(expectedChunks);
        const n = Math.min(xs.length, ys.length);
        expect(await pipe(gen(xs), zip(gen(ys)), collect())).toEqual(
          xs.slice(0, n).map((x, i) => [x, ys[i]]),
        );
        expect(
          await pipe(
            gen(xs),
            flatMap((x) => gen([x, x + 1])),
            collect(),
          ),
        ).toEqual(xs.flatMap((x) => [x, x + 1]));
      }),
      runs,
    );
  });

  test('a random chain of fused stages equals the same chain on arrays', async () => {
    type Op = { kind: 'map' | 'filter' | 'take' | 'skip' | 'takeWhile'; k: number };
    const op = fc.record({
      kind: fc.constantFrom('map', 'filter', 'take', 'skip', 'takeWhile'),
      k: fc.integer({ min: 1, max: 8 }),
    }) as fc.Arbitrary<Op>;
    await fc.assert(
      fc.asyncProperty(ints, fc.array(op, { maxLength: 8 }), async (xs, ops) => {
        let arr = xs;
        const operators = ops.map(({ kind, k }) => {
          switch (kind) {
            case 'map':
              arr = arr.map((x) => x + k);
              return map((x: number) => x + k);
            case 'filter':
              arr = arr.filter((x) => x % k !== 0);
              return filter((x: number) => x % k !== 0);
            case 'take':
              arr = arr.slice(0, k);
              return take<number>(k);
            case 'skip':
              arr = arr.slice(k);
              return skip<number>(k);
            default: {
              const i = arr.findIndex((x) => !(x < k * 6));
              arr = i === -1 ? arr : arr.slice(0, i);
              return takeWhile((x: number) => x < k * 6);
            }
          }
        });
        for (const src of sources(xs)) {
          let s: StreamInput<number> = src;
          for (const o of operators) s = o(s);
          expect(await pipe(s, collect())).toEqual(arr);
        }
      }),
      runs,
    );
  });
});

describe('concurrent operators', () => {
  test('merge yields the multiset union and keeps each source in order', async () => {
    const delays = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(fc.nat(99), { maxLength: 15 }), delays), { maxLength: 5 }),
        async (specs) => {
          const tagged = specs.map(([xs], s) => xs.map((x, i) => ({ s, i, x })));
          const out = await pipe(merge(...tagged.map((xs, s) => jittery(xs, specs[s]![1]))), collect());
          expect(out.length).toBe(tagged.flat().length);
          for (let s = 0; s < tagged.length; s++) expect(out.filter((o) => o.s === s)).toEqual(tagged[s]);
        },
      ),
      runs,
    );
  });

  test('bufferUnordered yields the same multiset, buffered the same order', async () => {
    await fc.assert(
      fc.asyncProperty(
        ints,
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 6 }),
        async (xs, delays, n) => {
          const tasks = () =>
            pipe(
              xs,
              enumerate(),
              map(([i, x]) => async () => {
                for (let d = delays[i % delays.length]!; d > 0; d--) await Promise.resolve();
                return x;
              }),
            );
          expect(await pipe(tasks(), buffered(n), collect())).toEqual(xs);
          const unordered = await pipe(tasks(), bufferUnordered(n), collect());
          expect([...unordered].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
        },
      ),
      runs,
    );
  });
});
