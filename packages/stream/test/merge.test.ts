import { describe, expect, test } from 'vitest';
import { collect, merge, pending, pipe, repeat, StreamMap, stream, take } from '../src/index';
import { flush, probe } from './helpers';

describe('merge', () => {
  test('alternates between streams that are both ready, and ends when all end', async () => {
    expect(await pipe(merge(repeat('a'), repeat('b')), take(6), collect())).toEqual([
      'a',
      'b',
      'a',
      'b',
      'a',
      'b',
    ]);
    expect(await pipe(merge([1, 2, 3], ['x']), collect())).toEqual([1, 'x', 2, 3]);
  });

  test('stays fair with many streams (no nesting penalty)', async () => {
    const out = await pipe(merge(repeat(1), repeat(2), repeat(3)), take(9), collect());
    expect(out).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  test('yields as soon as any stream has an item', async () => {
    let release!: () => void;
    async function* slow() {
      await new Promise<void>((r) => {
        release = r;
      });
      yield 'slow';
    }
    const it = merge(slow(), pending<string>(), ['fast'])[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe('fast');
    const next = it.next();
    await flush();
    release();
    expect((await next).value).toBe('slow');
    await it.return!();
  });

  test('break returns every source', async () => {
    const a = probe([1, 2, 3]);
    const b = probe([4, 5, 6]);
    for await (const x of stream(a).merge(b)) if (x === 4) break;
    expect(a.finalized).toBe(true);
    expect(b.finalized).toBe(true);
  });

  test('the first error ends the merge and returns the other sources', async () => {
    async function* bad() {
      yield 0;
      throw new Error('bad');
    }
    const good = probe([1, 2, 3, 4]);
    await expect(pipe(merge(bad(), good), collect())).rejects.toThrow('bad');
    await flush();
    expect(good.finalized).toBe(true);
  });

  test('nothing is pulled before the first next()', async () => {
    const a = probe([1]);
    merge(a);
    await flush();
    expect(a.pulled).toBe(0);
  });

  test('bad input fails at once', () => {
    expect(() => merge([1], 3 as never)).toThrow(/merge: source 1/);
  });
});

describe('StreamMap', () => {
  test('yields [key, value] and removes finished streams silently', async () => {
    const map = new StreamMap<string, number>();
    map.insert('a', [1, 2]);
    map.insert('b', [10]);
    const out: string[] = [];
    for await (const [k, v] of map) out.push(`${k}${v}`);
    expect(out).toEqual(['a1', 'b10', 'a2']);
    expect(map.size).toBe(0);
  });

  test('insert on an existing key replaces the stream, ends it, and returns the old one', async () => {
    const map = new StreamMap<string, number>();
    const old = probe([1, 2, 3]);
    map.insert('k', old);
    expect((await map.next()).value).toEqual(['k', 1]);
    expect(map.insert('k', [9])).toBe(old);
    await flush();
    expect(old.finalized).toBe(true);
    expect((await map.next()).value).toEqual(['k', 9]);
    expect((await map.next()).done).toBe(true);
  });

  test('insert and remove while a next() is waiting', async () => {
    const map = new StreamMap<string, number>();
    map.insert('never', pending<number>());
    const next = map.next();
    map.insert('now', [7]);
    expect((await next).value).toEqual(['now', 7]);
    expect(map.has('never')).toBe(true);
    const waiting = map.next();
    expect(map.remove('never')).toBeDefined();
    expect((await waiting).done).toBe(true);
    expect(map.remove('missing')).toBeUndefined();
    expect(map.keys()).toEqual([]);
  });

  test('an empty map reports done, then yields again after an insert', async () => {
    const map = new StreamMap<number, string>();
    expect((await map.next()).done).toBe(true);
    map.insert(1, ['x']);
    expect((await map.next()).value).toEqual([1, 'x']);
  });

  test('return() ends every stream', async () => {
    const map = new StreamMap<string, number>();
    const a = probe([1, 2]);
    map.insert('a', a);
    await map.next();
    await map.return();
    expect(a.finalized).toBe(true);
    expect(map.size).toBe(0);
  });
});
