import { test, expect } from 'vitest';
import * as S from '../src/index';
test('smoke', async () => {
  const { pipe, map, filter, take, collect, stream, merge, bufferUnordered, buffered, zip, chunks, StreamMap, reduce } = S;
  expect(await pipe([1,2,3,4,5,6], map((x) => x*x), filter((x) => x%2===0), take(2), collect())).toEqual([4,16]);
  async function* g() { for (let i = 0; i < 10; i++) yield i; }
  expect(await pipe(g(), map((x) => x*2), take(3), collect())).toEqual([0,2,4]);
  const out: number[] = [];
  for await (const x of stream(g()).filter(x => x % 3 === 0)) out.push(x);
  expect(out).toEqual([0,3,6,9]);
  expect(await pipe(merge([1,2,3], ['a','b']), collect())).toEqual([1,'a',2,'b',3]);
  expect(await pipe([3,1,2], map((x) => async () => x), bufferUnordered(2), collect())).toHaveLength(3);
  expect(await pipe([3,1,2], map((x) => async () => x), buffered(2), collect())).toEqual([3,1,2]);
  expect(await pipe([1,2,3], zip(['a','b']), collect())).toEqual([[1,'a'],[2,'b']]);
  expect(await stream(g()).chunks(4).collect()).toEqual([[0,1,2,3],[4,5,6,7],[8,9]]);
  expect(await pipe(g(), reduce((a, b) => a + b))).toBe(45);
});
