import { describe, expect, test } from 'vitest';
import { chain, chunks, collect, flatMap, flatten, mapAsync, pipe, stream, zip } from '../src/index';
import { flush, probe } from './helpers';

describe('zip, chain, flatMap, chunks, mapAsync', () => {
  test('zip pairs items and ends with the shorter input, returning the other', async () => {
    const long = probe([1, 2, 3, 4]);
    expect(await pipe(long, zip(['a', 'b']), collect())).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(long.finalized).toBe(true);
  });

  test('chain does not touch the second stream before the first ends', async () => {
    const second = probe([3]);
    const it = pipe([1, 2], chain(second))[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    expect(second.pulled).toBe(0);
    expect((await it.next()).value).toBe(3);
  });

  test('flatMap and flatten go one inner stream at a time', async () => {
    expect(
      await pipe(
        [1, 2],
        flatMap((x) => probe([x, -x])),
        collect(),
      ),
    ).toEqual([1, -1, 2, -2]);
    expect(await pipe([[1], new Set([2, 3])], flatten(), collect())).toEqual([1, 2, 3]);
    expect(
      await stream([[1], [2]])
        .flatten()
        .collect(),
    ).toEqual([1, 2]);
  });

  test('chunks never yields an empty batch; chunks(0) throws', async () => {
    expect(await pipe([1, 2, 3, 4], chunks(2), collect())).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await pipe([], chunks(2), collect())).toEqual([]);
    expect(() => chunks(0)).toThrow(RangeError);
  });

  test('mapAsync runs one call at a time, in order', async () => {
    let running = 0;
    let peak = 0;
    const out = await pipe(
      [3, 1, 2],
      mapAsync(async (x) => {
        running++;
        peak = Math.max(peak, running);
        await flush();
        running--;
        return x * 2;
      }),
      collect(),
    );
    expect(out).toEqual([6, 2, 4]);
    expect(peak).toBe(1);
  });

  test('return() during a mapAsync call aborts its signal and returns upstream', async () => {
    const p = probe([1, 2]);
    let signal!: AbortSignal;
    const it = pipe(
      p,
      mapAsync((_x, s) => {
        signal = s;
        return new Promise<number>(() => {});
      }),
    )[Symbol.asyncIterator]();
    const next = it.next();
    await flush();
    await it.return!();
    expect(signal.aborted).toBe(true);
    expect(await next).toEqual({ done: true, value: undefined });
    await flush();
    expect(p.finalized).toBe(true);
  });

  test('a mapAsync rejection propagates and returns upstream', async () => {
    const p = probe([1, 2]);
    await expect(
      pipe(
        p,
        mapAsync(async () => {
          throw new Error('async');
        }),
        collect(),
      ),
    ).rejects.toThrow('async');
    expect(p.finalized).toBe(true);
  });
});
