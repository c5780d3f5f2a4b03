/** `chain`, `flatMap`, `flatten`: streams one after another. */

import { checkFunction } from '@async/core/protocol';
import { doneResult, flowOf, nextOf, PullIterator, returnOf, type StreamInput, toFlow } from './flow';

/**
 * Yields every item of the source, then every item of `other` (which is not touched before the source
 * has ended).
 *
 * @example
 * ```ts
 * import { chain, collect, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2], chain(['a']), collect()), [1, 2, 'a']);
 * ```
 */
export function chain<A, B>(other: StreamInput<B>): (source: StreamInput<A>) => AsyncIterable<A | B> {
  const second = toFlow(other, 'chain: other');
  return (source) => {
    const first = toFlow(source);
    const both = toFlow<StreamInput<A | B>>([first, second]);
    return flowOf({
      [Symbol.asyncIterator]: () =>
        new FlattenIterator<A | B>(both, identity as (x: unknown) => StreamInput<A | B>, 'chain'),
    });
  };
}

/**
 * Maps every item to a stream (or any iterable) and yields the items of each, in order, one inner
 * stream at a time (futures' `flat_map`).
 *
 * @example
 * ```ts
 * import { collect, flatMap, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2], flatMap((x) => [x, x * 10]), collect()), [1, 10, 2, 20]);
 * ```
 */
export function flatMap<A, B>(f: (value: A) => StreamInput<B>): (source: StreamInput<A>) => AsyncIterable<B> {
  checkFunction(f, 'flatMap: f');
  return (source) => {
    const outer = toFlow(source);
    return flowOf({
      [Symbol.asyncIterator]: () =>
        new FlattenIterator<B>(outer, f as (x: unknown) => StreamInput<B>, 'flatMap: result of f'),
    });
  };
}

/**
 * Flattens a stream of streams (or iterables), one inner stream at a time.
 *
 * @example
 * ```ts
 * import { collect, flatten, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([[1], [2, 3]], flatten(), collect()), [1, 2, 3]);
 * ```
 */
export function flatten<B>(): (source: StreamInput<StreamInput<B>>) => AsyncIterable<B> {
  return flatMap((inner: StreamInput<B>) => inner);
}

const identity = <T>(x: T): T => x;

/**
 * The items of each inner stream in turn: `f` maps each item of the outer stream to an inner one.
 * Leaving early ends the inner stream, then the outer one; an error of either, or of `f`, ends both.
 */
class FlattenIterator<B> extends PullIterator<B> {
  private outer: AsyncIterator<unknown> | undefined = undefined;
  private inner: AsyncIterator<B> | undefined = undefined;
  private readonly source: AsyncIterable<unknown>;
  private readonly f: (value: unknown) => StreamInput<B>;
  private readonly name: string;

  constructor(source: AsyncIterable<unknown>, f: (value: unknown) => StreamInput<B>, name: string) {
    super();
    this.source = source;
    this.f = f;
    this.name = name;
  }

  protected async pull(): Promise<IteratorResult<B>> {
    try {
      const outer = (this.outer ??= this.source[Symbol.asyncIterator]());
      for (;;) {
        if (this.inner === undefined) {
          const r = await this.pullFrom(outer);
          if (r.done) return doneResult;
          try {
            this.inner = toFlow(this.f(r.value), this.name)[Symbol.asyncIterator]();
          } catch (e) {
            this.finished = true;
            await returnOf(outer);
            throw e;
          }
        }
        let r: IteratorResult<B>;
        this.pulling = true;
        try {
          r = await nextOf(this.inner);
        } catch (e) {
          this.finished = true;
          this.inner = undefined; // an inner stream that threw is done: no return() for it
          await returnOf(outer);
          throw e;
        } finally {
          this.pulling = false;
        }
        if (this.finished) return doneResult;
        if (!r.done) return r;
        this.inner = undefined;
      }
    } finally {
      this.running = false;
    }
  }

  protected stop(): Promise<unknown> | undefined {
    const inner = this.inner;
    const outer = this.outer;
    this.inner = this.outer = undefined;
    const returned = Promise.all([returnOf(inner), returnOf(outer)]);
    return this.pulling ? undefined : returned;
  }
}
