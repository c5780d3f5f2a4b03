import { describe, expect, test } from 'vitest';
import { collect, fold, forEach, iter, map, pipe, reduce, stream, take, toArray } from '../src/index';
import { probe } from './helpers';

describe('terminal operators', () => {
  test('fold and reduce', async () => {
    expect(
      await pipe(
        [1, 2, 3],
        fold('', (a, x) => a + x),
      ),
    ).toBe('123');
    expect(
      await pipe(
        probe([1, 2, 3]),
        reduce((a, b) => a * b),
      ),
    ).toBe(6);
    expect(
      await pipe(
        [1, 2],
        reduce((a, b) => a + b, 10),
      ),
    ).toBe(13);
    await expect(
      pipe(
        [] as number[],
        reduce((a, b) => a + b),
      ),
    ).rejects.toThrow(TypeError);
    expect(await stream([1, 2, 3]).reduce((a, b) => a + b)).toBe(6);
  });

  test('collect and toArray', async () => {
    expect(await pipe(probe('ab'), collect())).toEqual(['a', 'b']);
    expect(await pipe(new Set([1, 2]), toArray())).toEqual([1, 2]);
    expect(await stream(probe([1])).toArray()).toEqual([1]);
  });

  test('forEach awaits each call in order', async () => {
    const log: string[] = [];
    await pipe(
      [1, 2],
      forEach(async (x) => {
        log.push(`start ${x}`);
        await Promise.resolve();
        log.push(`end ${x}`);
      }),
    );
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  test('a terminal over take() returns upstream once done', async () => {
    const p = probe([1, 2, 3, 4]);
    expect(
      await pipe(
        p,
        map((x) => x),
        take(2),
        fold(0, (a, b) => a + b),
      ),
    ).toBe(3);
    expect(p.finalized).toBe(true);
    expect(p.pulled).toBe(2);
  });

  test('an error in the folding function returns upstream and rejects', async () => {
    const p = probe([1, 2, 3]);
    await expect(
      pipe(
        p,
        fold(0, (_a, x) => {
          if (x === 2) throw new Error('fold');
          return x;
        }),
      ),
    ).rejects.toThrow('fold');
    expect(p.finalized).toBe(true);
  });

  test('sync sources run without a stage too', async () => {
    expect(
      await pipe(
        iter([1, 2, 3]),
        fold(0, (a, b) => a + b),
      ),
    ).toBe(6);
  });
});
