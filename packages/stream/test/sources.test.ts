import { describe, expect, test } from 'vitest';
import {
  collect,
  empty,
  iter,
  merge,
  once,
  pending,
  pipe,
  repeat,
  repeatWith,
  take,
  unfold,
} from '../src/index';

describe('sources', () => {
  test('iter takes sync and async iterables and keeps promises as values', async () => {
    async function* g() {
      yield 1;
    }
    expect(await pipe(iter(g()), collect())).toEqual([1]);
    const p = Promise.resolve(2);
    const [value] = await pipe(iter([p]), collect());
    expect(value).toBe(p);
  });

  test('iter rejects non-iterables at once', () => {
    expect(() => iter(5 as never)).toThrow(TypeError);
    expect(() => iter(null as never)).toThrow(TypeError);
  });

  test('once, empty, repeat, repeatWith', async () => {
    expect(await pipe(once('x'), collect())).toEqual(['x']);
    expect(await pipe(empty(), collect())).toEqual([]);
    expect(await pipe(repeat(1), take(3), collect())).toEqual([1, 1, 1]);
    let i = 0;
    expect(
      await pipe(
        repeatWith(() => i++),
        take(3),
        collect(),
      ),
    ).toEqual([0, 1, 2]);
    expect(i).toBe(3);
  });

  test('unfold calls its function once per pull and ends on undefined', async () => {
    let calls = 0;
    const s = unfold(0, async (n) => {
      calls++;
      return n < 3 ? ([n, n + 1] as const) : undefined;
    });
    expect(calls).toBe(0);
    expect(await pipe(s, collect())).toEqual([0, 1, 2]);
    expect(calls).toBe(4);
  });

  test('pending never yields, and returns when asked', async () => {
    const it = pending<number>()[Symbol.asyncIterator]();
    let settled = false;
    const next = it.next().then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await it.return!();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(await pipe(merge(pending<number>(), once(1)), take(1), collect())).toEqual([1]);
  });
});
