/**
 * The adversarial suite of @async/stream: hand-written sources that bend the async iteration protocol
 * as far as `for await` allows, sources that stall, arguments of the wrong type, memory kept per item,
 * and cost that grows faster than the work.
 */

import { TestClock } from '@async/time';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runIsolated } from '../../../scripts/isolated/run';
import {
  buffered,
  bufferUnordered,
  chain,
  chunks,
  chunksTimeout,
  collect,
  filter,
  flatMap,
  fold,
  forEach,
  fromInterval,
  map,
  mapAsync,
  merge,
  pending,
  pipe,
  StreamMap,
  stream,
  take,
  throttle,
  timeout,
  unfold,
  zip,
} from '../src/index';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** How a hand-written source answers one `next()`. */
type Answer = 'plain' | 'promise' | 'thenable';
type Failure = 'throw' | 'reject';

const boom = new Error('source failed');

/**
 * A source written by hand, as other libraries write them: each `next()` answers with a plain
 * `{ value, done }` object, a promise of one, or a foreign thenable, as `answers` say in turn; the
 * call numbered `failAt` throws synchronously or rejects instead. `return()` answers plainly.
 */
function handWritten(
  values: readonly number[],
  answers: readonly Answer[],
  fail?: { at: number; how: Failure },
): AsyncIterable<number> {
  return {
    [Symbol.asyncIterator]() {
      let calls = 0;
      let ended = false;
      return {
        next() {
          const i = calls++;
          if (fail !== undefined && i === fail.at && !ended) {
            ended = true;
            if (fail.how === 'throw') throw boom;
            return Promise.reject(boom);
          }
          const result: IteratorResult<number> =
            ended || i >= values.length
              ? { done: true, value: undefined }
              : { done: false, value: values[i]! };
          if (result.done) ended = true;
          const answer = answers[i % Math.max(1, answers.length)] ?? 'plain';
          if (answer === 'plain') return result as unknown as Promise<IteratorResult<number>>;
          if (answer === 'promise') return Promise.resolve(result);
          // biome-ignore lint/suspicious/noThenProperty: a foreign thenable, as some libraries return.
          return { then: (resolve: (r: IteratorResult<number>) => void) => resolve(result) } as never;
        },
        return() {
          ended = true;
          return { done: true, value: undefined } as unknown as Promise<IteratorResult<number>>;
        },
      };
    },
  };
}

/** Settles with `p`'s outcome, or says it hung: `p` did not settle within `turns` host turns. */
async function within<T>(
  p: Promise<T>,
  turns = 100,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  p.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  for (let i = 0; i < turns && outcome === undefined; i++) await turn();
  if (outcome === undefined) throw new Error(`hung: no settlement within ${turns} host turns`);
  return outcome;
}

/**
 * Drives an iterator by hand, as a consumer may: every `next()` must return a promise (never throw)
 * that settles; after an error or the end, `next()` settles with done.
 */
async function drive(
  iterable: AsyncIterable<unknown>,
  maxCalls = 40,
): Promise<{ values: unknown[]; error?: unknown }> {
  const it = iterable[Symbol.asyncIterator]();
  const values: unknown[] = [];
  for (let k = 0; k < maxCalls; k++) {
    let p: Promise<IteratorResult<unknown>>;
    try {
      p = it.next();
    } catch (e) {
      throw new Error(`next() threw synchronously: ${String(e)}`);
    }
    const r = await within(p);
    if (!r.ok || r.value.done) {
      const after = await within(Promise.resolve().then(() => it.next()));
      expect(after).toEqual({ ok: true, value: { done: true, value: undefined } });
      return r.ok ? { values } : { values, error: r.error };
    }
    values.push(r.value.value);
  }
  throw new Error('the stream did not end');
}

const sorted = (xs: unknown[]) => [...xs].sort((a, b) => Number(a) - Number(b));

/** Each operator over a source, and what it should yield from `xs` when nothing fails. */
const operators: [
  string,
  (s: AsyncIterable<number>) => AsyncIterable<unknown>,
  (xs: number[]) => unknown[],
  boolean?,
][] = [
  [
    'map',
    (s) =>
      pipe(
        s,
        map((x) => x * 2),
      ),
    (xs) => xs.map((x) => x * 2),
  ],
  [
    'filter',
    (s) =>
      pipe(
        s,
        filter((x) => x % 2 === 0),
      ),
    (xs) => xs.filter((x) => x % 2 === 0),
  ],
  ['buffered(2)', (s) => pipe(s, buffered(2)), (xs) => xs],
  ['bufferUnordered(2)', (s) => pipe(s, bufferUnordered(2)), (xs) => xs, true],
  ['merge(s)', (s) => merge(s), (xs) => xs],
  ['merge(s, [100])', (s) => merge(s, [100]), (xs) => [...xs, 100], true],
  [
    'StreamMap',
    (s) => {
      const m = new StreamMap<string, number>();
      m.insert('a', s);
      return pipe(
        m,
        map(([, v]) => v),
      );
    },
    (xs) => xs,
  ],
  [
    'zip(s)',
    (s) => pipe([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], zip(s)),
    (xs) => xs.slice(0, 10).map((x, i) => [10 + i, x]),
  ],
  [
    's.zip',
    (s) => pipe(s, zip([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])),
    (xs) => xs.slice(0, 10).map((x, i) => [x, 10 + i]),
  ],
  [
    'chunks(2)',
    (s) => pipe(s, chunks(2)),
    (xs) => Array.from({ length: Math.ceil(xs.length / 2) }, (_, i) => xs.slice(2 * i, 2 * i + 2)),
  ],
  [
    'mapAsync',
    (s) =>
      pipe(
        s,
        mapAsync(async (x) => x + 1),
      ),
    (xs) => xs.map((x) => x + 1),
  ],
  ['chain', (s) => pipe(s, chain([99])), (xs) => [...xs, 99]],
  [
    'flatMap',
    (s) =>
      pipe(
        s,
        flatMap((x) => [x, x]),
      ),
    (xs) => xs.flatMap((x) => [x, x]),
  ],
  ['timeout', (s) => pipe(s, timeout(1000)), (xs) => xs],
  [
    'chunksTimeout(3)',
    (s) => pipe(s, chunksTimeout(3, 1000)),
    (xs) => Array.from({ length: Math.ceil(xs.length / 3) }, (_, i) => xs.slice(3 * i, 3 * i + 3)),
  ],
];

describe('hand-written sources: what the async iteration protocol accepts, every operator accepts', () => {
  const answers = fc.array(fc.constantFrom<Answer>('plain', 'promise', 'thenable'), {
    minLength: 1,
    maxLength: 6,
  });
  const failure = fc.option(fc.record({ at: fc.nat(8), how: fc.constantFrom<Failure>('throw', 'reject') }), {
    nil: undefined,
  });

  test.each(operators)('%s', async (_name, op, expected, unordered) => {
    // No timer should ever fire: the sources are immediate. An installed, unadvanced test clock keeps
    // the time-based operators off the host's timers.
    using _clock = TestClock.install();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 7 }),
        answers,
        failure,
        async (xs, ans, fail) => {
          const out = await drive(op(handWritten(xs, ans, fail)));
          if (fail !== undefined && fail.at <= xs.length) {
            expect(out.error).toBe(boom);
            return;
          }
          expect(out.error).toBeUndefined();
          const want = expected(xs);
          if (unordered) expect(sorted(out.values)).toEqual(sorted(want));
          else expect(out.values).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('bufferUnordered over a next() that throws synchronously: next() rejects, then reports done', async () => {
    const out = await drive(
      pipe(handWritten([1, 2, 3], ['plain'], { at: 0, how: 'throw' }), bufferUnordered(4)),
    );
    expect(out).toEqual({ values: [], error: boom });
  });
});

/** A source whose every pull after the first `ready` items waits forever, and which records return(). */
function stalling(ready: number): AsyncIterable<number> & { returned: boolean } {
  const state = {
    returned: false,
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: () =>
          i < ready
            ? Promise.resolve({ done: false, value: i++ })
            : new Promise<IteratorResult<number>>(() => {}),
        return: () => {
          state.returned = true;
          return Promise.resolve({ done: true as const, value: undefined });
        },
      };
    },
  };
  return state;
}

describe('return() while a pull waits on a stalled source settles, and reaches the source', () => {
  const cases: [string, (s: AsyncIterable<number>) => AsyncIterable<unknown>][] = [
    ['chunks(2)', (s) => pipe(s, chunks(2))],
    ['chain', (s) => pipe(s, chain([1]))],
    [
      'flatMap',
      (s) =>
        pipe(
          s,
          flatMap((x) => [x]),
        ),
    ],
    [
      'map',
      (s) =>
        pipe(
          s,
          map((x) => x),
        ),
    ],
    [
      'mapAsync',
      (s) =>
        pipe(
          s,
          mapAsync((x) => x),
        ),
    ],
    ['buffered', (s) => pipe(s, buffered(2))],
    ['bufferUnordered', (s) => pipe(s, bufferUnordered(2))],
    ['merge', (s) => merge(s)],
    ['zip', (s) => pipe(s, zip([1, 2, 3]))],
    ['timeout', (s) => pipe(s, timeout(1000))],
    ['chunksTimeout', (s) => pipe(s, chunksTimeout(2, 1000))],
    ['throttle', (s) => pipe(s, throttle(1000))],
  ];
  test.each(cases)('%s', async (_name, op) => {
    using _clock = TestClock.install();
    const source = stalling(1);
    const it = op(source)[Symbol.asyncIterator]();
    void it.next(); // may yield or wait
    void it.next(); // waits on the stalled source
    await turn();
    const r = await within(it.return!());
    expect(r).toEqual({ ok: true, value: { done: true, value: undefined } });
    expect(source.returned).toBe(true);
  });

  test('unfold: return() while a call of f waits settles, and the pending next() reports done', async () => {
    const it = unfold(0, () => new Promise<[number, number]>(() => {}))[Symbol.asyncIterator]();
    const pending = it.next();
    await turn();
    expect(await within(it.return!())).toEqual({ ok: true, value: { done: true, value: undefined } });
    expect(await within(pending)).toEqual({ ok: true, value: { done: true, value: undefined } });
  });

  test.each(cases)(
    '%s, over an async generator (whose own return() waits for its pull)',
    async (_name, op) => {
      using _clock = TestClock.install();
      async function* stalled() {
        yield 0;
        await new Promise(() => {});
      }
      const it = op(stalled())[Symbol.asyncIterator]();
      void it.next();
      void it.next();
      await turn();
      expect(await within(it.return!())).toEqual({ ok: true, value: { done: true, value: undefined } });
    },
  );
});

describe('hostile arguments fail at construction, naming the parameter and what came', () => {
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['chunks(0)', () => chunks(0), RangeError, /chunks: n must be an integer >= 1, got 0 \(number\)/],
    [
      'chunks("2")',
      () => chunks('2' as never),
      TypeError,
      /chunks: n must be an integer >= 1, got "2" \(string\)/,
    ],
    ['bufferUnordered("5")', () => bufferUnordered('5' as never), TypeError, /got "5" \(string\)/],
    ['buffered(1.5)', () => buffered(1.5), RangeError, /got 1.5 \(number\)/],
    ['take(-1)', () => take(-1), RangeError, /take: n must be .*got -1 \(number\)/],
    ['map(undefined)', () => map(undefined as never), TypeError, /map: f must be a function, got undefined/],
    ['throttle("5")', () => throttle('5' as never), TypeError, /throttle: ms must be .*got "5" \(string\)/],
    ['timeout(-1)', () => timeout(-1), RangeError, /timeout: ms must be .*got -1 \(number\)/],
    ['chunksTimeout(2, NaN)', () => chunksTimeout(2, Number.NaN), RangeError, /got NaN \(number\)/],
    ['throttle(5, { clok })', () => throttle(5, { clok: 1 } as never), TypeError, /unknown option 'clok'/],
    [
      'throttle(5, 7)',
      () => throttle(5, 7 as never),
      TypeError,
      /options must be an object, got 7 \(number\)/,
    ],
    [
      'timeout(5, { clock: {} })',
      () => timeout(5, { clock: {} } as never),
      TypeError,
      /clock must be a Clock/,
    ],
    [
      'collect({ signal: 1 })',
      () => collect({ signal: 1 } as never),
      TypeError,
      /signal must be an AbortSignal, got 1/,
    ],
    [
      'forEach(f, { sginal })',
      () => forEach(() => {}, { sginal: 1 } as never),
      TypeError,
      /unknown option 'sginal'/,
    ],
    ['fold(0, f, 5)', () => fold(0, (a) => a, 5 as never), TypeError, /options must be an object/],
    ['fromInterval("5")', () => fromInterval('5' as never), TypeError, /period must be .*got "5" \(string\)/],
    [
      'fromInterval(5, { signal })',
      () => fromInterval(5, { signal: new AbortController().signal } as never),
      TypeError,
      /unknown option 'signal'/,
    ],
    [
      'merge(5)',
      () => merge(5 as never),
      TypeError,
      /merge: source 0 must be an AsyncIterable or an Iterable, got 5 \(number\)/,
    ],
    ['stream(null)', () => stream(null as never), TypeError, /got null/],
  ];
  test.each(cases)('%s', (_name, call, type, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('memory kept per item', () => {
  /**
   * Heap growth per item while a pipeline runs over 100,000 items of an endless source: measured from
   * inside the source, after gc, between item 2,000 and item 102,000.
   */
  function perItem(pipeline: string): number {
    const out = runIsolated(
      `
      import { TestClock } from '@async/time';
      import * as S from '@async/stream';
      const N = 100_000;
      let before = 0;
      let perItem = NaN;
      async function* source() {
        for (let i = 0; ; i++) {
          if (i === 2_000) { gc(); gc(); before = process.memoryUsage().heapUsed; }
          if (i === 2_000 + N) { gc(); gc(); perItem = (process.memoryUsage().heapUsed - before) / N; return; }
          yield i;
        }
      }
      const controller = new AbortController();
      await (${pipeline});
      console.log(perItem.toFixed(1));
    `,
      { gc: true, timeoutMs: 60_000 },
    );
    expect(out.stderr).toBe('');
    return Number(out.stdout);
  }

  test('forEach(f, { signal }) keeps nothing per item (was ~350 B: a Promise.race per item)', () => {
    expect(perItem('S.pipe(source(), S.forEach(() => {}, { signal: controller.signal }))')).toBeLessThan(8);
  });

  test('forEach with an async body and a signal keeps nothing per item', () => {
    expect(
      perItem('S.pipe(source(), S.forEach(async () => {}, { signal: controller.signal }))'),
    ).toBeLessThan(8);
  });

  test('collect-free terminals with a signal keep nothing per item (fold)', () => {
    expect(
      perItem('S.pipe(source(), S.fold(0, (a, x) => a + x, { signal: controller.signal }))'),
    ).toBeLessThan(8);
  });

  test('mapAsync keeps nothing per item (a race against its stop promise)', () => {
    expect(perItem('S.pipe(source(), S.mapAsync(async (x) => x), S.forEach(() => {}))')).toBeLessThan(8);
  });

  test('chunksTimeout keeps only the batch itself per item (no reaction on the batch timer)', () => {
    // One batch of 10^6 items at most, cut after a day: every item of the run stays in the batch (8 B).
    expect(
      perItem(
        '(async () => { const clock = TestClock.install(); await S.pipe(source(), S.chunksTimeout(1_000_000, 86_400_000), S.forEach(() => {})); })()',
      ),
    ).toBeLessThan(16);
  });
});

describe('cost that grows with the work, not faster', () => {
  /** Time to take 50,000 items from one ready source merged with `stalled` sources that never yield. */
  async function mergeBeside(stalled: number): Promise<number> {
    const sources = [
      Array.from({ length: 50_000 }, (_, i) => i),
      ...Array.from({ length: stalled }, () => pending<number>()),
    ];
    const t0 = performance.now();
    const count = await pipe(
      merge(...sources),
      take(50_000),
      fold(0, (a) => a + 1),
    );
    expect(count).toBe(50_000);
    return performance.now() - t0;
  }

  test('the cost of an item does not grow with the number of idle sources merged beside it', async () => {
    const best = async (stalled: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 10; i++) least = Math.min(least, await mergeBeside(stalled));
      return least;
    };
    await best(100);
    const few = await best(100);
    // 20 times as many idle sources: the same items, plus one pull each at the start. Was ~14 times
    // slower: every wait walked all the sources to find the ones not already pulled.
    const many = await best(2000);
    expect(many / few).toBeLessThan(8);
  });
});
