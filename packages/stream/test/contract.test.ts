// Every operator keeps the same contract: nothing runs before the first pull, and leaving a
// `for await` early runs the source's `finally` (calls `return()` upstream).
import { TestClock } from '@async/time';
import { describe, expect, test } from 'vitest';
import {
  buffered,
  bufferUnordered,
  chain,
  chunks,
  chunksTimeout,
  enumerate,
  filter,
  filterMap,
  flatMap,
  inspect,
  map,
  mapAsync,
  merge,
  type StreamInput,
  scan,
  skip,
  skipWhile,
  take,
  takeWhile,
  throttle,
  timeout,
  zip,
} from '../src/index';
import { flush, probe } from './helpers';

const operators: [string, (s: StreamInput<number>) => AsyncIterable<unknown>][] = [
  ['map', map((x: number) => x)],
  ['filter', filter(() => true)],
  ['filterMap', filterMap((x: number) => x)],
  ['take', take(5)],
  ['skip', skip(1)],
  ['takeWhile', takeWhile(() => true)],
  ['skipWhile', skipWhile(() => false)],
  ['enumerate', enumerate()],
  ['inspect', inspect(() => {})],
  ['scan', scan((a: number, x: number) => a + x, 0)],
  ['mapAsync', mapAsync(async (x: number) => x)],
  ['chunks', chunks(1)],
  ['chunksTimeout', chunksTimeout(1, 100)],
  ['buffered', (s) => buffered(2)(map((x: number) => async () => x)(s))],
  ['bufferUnordered', (s) => bufferUnordered(2)(map((x: number) => async () => x)(s))],
  ['merge', (s) => merge(s, [100])],
  ['zip', zip([1, 2, 3, 4])],
  ['chain', chain([9])],
  ['flatMap', flatMap((x: number) => [x])],
  ['throttle', throttle(10)],
  ['timeout', timeout(100)],
];

describe.each(operators)('%s', (_name, op) => {
  test('is lazy and returns upstream on break', async () => {
    using _clock = TestClock.install({ autoAdvance: true });
    const source = probe([1, 2, 3, 4]);
    const s = op(source);
    await flush();
    expect(source.pulled).toBe(0);
    for await (const _ of s) break;
    expect(source.pulled).toBeGreaterThan(0);
    expect(source.finalized).toBe(true); // already when `break` completes
  });
});
