import { sleep, TestClock, TimeoutError } from '@async/time';
import { describe, expect, test } from 'vitest';
import {
  chunksTimeout,
  collect,
  fromInterval,
  map,
  pipe,
  stream,
  take,
  throttle,
  timeout,
  zip,
} from '../src/index';

/** An async generator yielding each value at its time (ms on the installed clock). */
async function* timed<T>(clock: TestClock, schedule: [number, T][]): AsyncGenerator<T> {
  for (const [at, value] of schedule) {
    const wait = at - clock.now();
    if (wait > 0) await sleep(wait);
    yield value;
  }
}

/** Collects `[now, item]` for every item. */
async function stamped<T>(clock: TestClock, s: AsyncIterable<T>): Promise<[number, T][]> {
  const out: [number, T][] = [];
  for await (const x of s) out.push([clock.now(), x]);
  return out;
}

describe('chunksTimeout', () => {
  test('emits at max items, at ms after the first item of a batch, or at the end', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [0, 'a'],
      [10, 'b'],
      [20, 'c'],
      [200, 'd'],
      [210, 'e'],
      [215, 'f'],
      [216, 'g'],
      [300, 'h'],
      [400, 'i'],
    ]);
    expect(await stamped(clock, pipe(src, chunksTimeout(4, 50)))).toEqual([
      [50, ['a', 'b', 'c']], // timed out 50 ms after 'a', not after 'c'
      [216, ['d', 'e', 'f', 'g']], // full
      [350, ['h']], // 50 ms after 'h'
      [400, ['i']], // the source ended
    ]);
  });

  test('never emits an empty batch, and keeps an item in flight when the timer fires', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [0, 1],
      [1000, 2],
      [5000, 3],
    ]);
    expect(await stamped(clock, pipe(src, chunksTimeout(10, 100)))).toEqual([
      [100, [1]],
      [1100, [2]],
      [5000, [3]],
    ]);
  });

  test('leaving early leaves no pending timer', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [0, 1],
      [10, 2],
      [20, 3],
    ]);
    for await (const batch of pipe(src, chunksTimeout(2, 100))) {
      expect(batch).toEqual([1, 2]);
      break;
    }
    expect(clock.pending).toBe(0);
  });

  test('max = 0 and negative ms throw at once', () => {
    expect(() => chunksTimeout(0, 10)).toThrow(RangeError);
    expect(() => chunksTimeout(1, -1)).toThrow(RangeError);
  });

  test('a source error comes after the batch collected before it', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    async function* failing() {
      yield 1;
      await sleep(10);
      throw new Error('source');
    }
    const out: number[][] = [];
    await expect(
      (async () => {
        for await (const b of pipe(failing(), chunksTimeout(5, 100))) out.push(b);
      })(),
    ).rejects.toThrow('source');
    expect(out).toEqual([[1]]);
    expect(clock.pending).toBe(0);
  });
});

describe('throttle', () => {
  test('the first item passes at once; each later one waits ms after the previous yield', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [0, 'a'],
      [0, 'b'],
      [0, 'c'],
      [500, 'd'], // slower than the throttle: no extra delay
      [510, 'e'],
    ]);
    expect(await stamped(clock, pipe(src, throttle(100)))).toEqual([
      [0, 'a'],
      [100, 'b'],
      [200, 'c'],
      [500, 'd'],
      [600, 'e'],
    ]);
  });

  test('the wait counts from the yield, so a slow consumer is not delayed again', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const out: number[] = [];
    for await (const _ of stream([1, 2, 3]).throttle(100)) {
      out.push(clock.now());
      await sleep(150);
    }
    expect(out).toEqual([0, 150, 300]);
  });

  test('break leaves no pending timer', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const it = pipe([1, 2, 3], throttle(100))[Symbol.asyncIterator]();
    await it.next();
    const next = it.next();
    await Promise.resolve();
    await it.return!();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(clock.pending).toBe(0);
  });
});

describe('timeout', () => {
  test('yields an Elapsed item per late item, does not repeat it, and goes on', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [50, 'a'],
      [1000, 'b'],
      [1080, 'c'],
    ]);
    const out = await stamped(clock, pipe(src, timeout(100)));
    expect(out.map(([t, x]) => [t, TimeoutError.is(x) ? 'Elapsed' : x])).toEqual([
      [50, 'a'],
      [150, 'Elapsed'],
      [1000, 'b'], // waited without a limit after the Elapsed
      [1080, 'c'], // timed again, and in time
    ]);
  });

  test('an item that is ready wins even with a limit of 0 ms', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    async function* ready() {
      yield 1;
      yield 2;
    }
    expect(await pipe(ready(), timeout(0), collect())).toEqual([1, 2]);
    expect(clock.pending).toBe(0);
  });

  test('no item is lost and no timer is left behind', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const src = timed(clock, [
      [500, 1],
      [510, 2],
    ]);
    const items = (await pipe(src, timeout(100), collect())).filter((x) => !TimeoutError.is(x));
    expect(items).toEqual([1, 2]);
    expect(clock.pending).toBe(0);
  });

  test('leaving early cancels the timer', async () => {
    using clock = TestClock.install();
    const it = pipe(timed(clock, [[1000, 1]]), timeout(100))[Symbol.asyncIterator]();
    const next = it.next();
    await Promise.resolve();
    await it.return!();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(clock.pending).toBeLessThanOrEqual(1); // only the source's own sleep may remain
    expect(clock.nextDeadline()).not.toBe(100);
  });
});

describe('fromInterval', () => {
  test('ticks at 0, p, 2p… and is endless until taken', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    expect(
      await pipe(
        fromInterval(250),
        map((t) => t.ms),
        take(4),
        collect(),
      ),
    ).toEqual([0, 250, 500, 750]);
    expect(clock.pending).toBe(0);
  });

  test('zip with an interval paces a stream', async () => {
    using clock = TestClock.install({ autoAdvance: true });
    const out = await stamped(
      clock,
      pipe(
        ['a', 'b', 'c'],
        zip(fromInterval(100)),
        map(([x]) => x),
      ),
    );
    expect(out).toEqual([
      [0, 'a'],
      [100, 'b'],
      [200, 'c'],
    ]);
    expect(clock.pending).toBe(0);
  });

  test('a bad period throws at once', () => {
    expect(() => fromInterval(0)).toThrow(RangeError);
  });
});
