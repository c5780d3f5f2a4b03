/**
 * Where streams come from: any iterable, a single value, nothing, never, forever, or a state machine.
 * (A channel receiver of @async/channels is already an `AsyncIterable`, so `stream(rx)` takes it as is.)
 */
import { checkFunction } from '@async/core/protocol';
import {
  donePromise,
  doneResult,
  flowOf,
  Interrupt,
  isThenable,
  PullIterator,
  type StreamInput,
  toFlow,
} from './flow';

/**
 * A stream over any async or sync iterable (tokio-stream's `iter`). Values of a sync iterable are
 * handed over as they are: promises among them are not awaited (use `mapAsync` for that). Throws a
 * `TypeError` at once for anything that is not iterable.
 *
 * @example
 * ```ts
 * import { collect, iter, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * async function* numbers() { yield 1; yield 2; }
 * assert.deepEqual(await pipe(iter(numbers()), collect()), [1, 2]);
 * assert.deepEqual(await pipe(iter(new Map([['a', 1]])), collect()), [['a', 1]]);
 * ```
 */
export function iter<T>(source: StreamInput<T>): AsyncIterable<T> {
  return toFlow(source, 'iter: source');
}

/**
 * A stream of exactly one item.
 *
 * @example
 * ```ts
 * import { collect, once, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(once(7), collect()), [7]);
 * ```
 */
export function once<T>(value: T): AsyncIterable<T> {
  return toFlow([value]);
}

/**
 * A stream that ends at once.
 *
 * @example
 * ```ts
 * import { collect, empty, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(empty<number>(), collect()), []);
 * ```
 */
export function empty<T = never>(): AsyncIterable<T> {
  return toFlow<T>([]);
}

/**
 * A stream that never yields and never ends (until `return()` is called), as tokio-stream's `pending`.
 * Useful as a placeholder branch of `merge` or a `StreamMap`.
 *
 * @example
 * ```ts
 * import { merge, once, pipe, take, collect, pending } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(merge(pending<number>(), once(1)), take(1), collect()), [1]);
 * ```
 */
export function pending<T = never>(): AsyncIterable<T> {
  return flowOf<T>({
    [Symbol.asyncIterator]: () => {
      let settle: ((r: IteratorResult<T>) => void) | undefined;
      return {
        next: () =>
          new Promise<IteratorResult<T>>((resolve) => {
            settle = resolve;
          }),
        return: () => {
          settle?.({ done: true, value: undefined });
          settle = undefined;
          return donePromise;
        },
      };
    },
  });
}

/**
 * An endless stream of the same value. Bound it with `take` or `takeWhile`.
 *
 * @example
 * ```ts
 * import { collect, pipe, repeat, take } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe(repeat(0), take(2), collect()), [0, 0]);
 * ```
 */
export function repeat<T>(value: T): AsyncIterable<T> {
  return toFlow({
    *[Symbol.iterator]() {
      for (;;) yield value;
    },
  });
}

/**
 * An endless stream of `f()`'s results, one call per pull.
 *
 * @example
 * ```ts
 * import { collect, pipe, repeatWith, take } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * let n = 0;
 * assert.deepEqual(await pipe(repeatWith(() => ++n), take(3), collect()), [1, 2, 3]);
 * ```
 */
export function repeatWith<T>(f: () => T): AsyncIterable<T> {
  checkFunction(f, 'repeatWith: f');
  return toFlow({
    *[Symbol.iterator]() {
      for (;;) yield f();
    },
  });
}

/**
 * A stream driven by a state machine (futures' `unfold`): `f(state)` returns `[item, nextState]` to
 * yield `item`, or `undefined` to end. `f` may be async; it is called once per pull, never ahead.
 *
 * @example
 * ```ts
 * import { collect, pipe, take, unfold } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const fib = unfold<[number, number], number>([0, 1], ([a, b]) => [a, [b, a + b]]);
 * assert.deepEqual(await pipe(fib, take(7), collect()), [0, 1, 1, 2, 3, 5, 8]);
 * ```
 */
export function unfold<S, T>(
  initial: S,
  f: (state: S) => readonly [T, NoInfer<S>] | undefined | PromiseLike<readonly [T, NoInfer<S>] | undefined>,
): AsyncIterable<T> {
  checkFunction(f, 'unfold: f');
  return flowOf({ [Symbol.asyncIterator]: () => new UnfoldIterator<S, T>(initial, f) });
}

type UnfoldStep<S, T> = (state: S) => readonly [T, S] | undefined | PromiseLike<readonly [T, S] | undefined>;

/** `unfold`'s iterator: `return()` settles at once, even while a call of `f` is in flight. */
class UnfoldIterator<S, T> extends PullIterator<T> {
  private state: S;
  private readonly f: UnfoldStep<S, T>;
  /** Interrupts the call of `f` in flight when the consumer leaves: it is not waited for. */
  private readonly leaving = new Interrupt();

  constructor(initial: S, f: UnfoldStep<S, T>) {
    super();
    this.state = initial;
    this.f = f;
  }

  protected async pull(): Promise<IteratorResult<T>> {
    try {
      let r: readonly [T, S] | undefined;
      try {
        const step = this.f(this.state);
        r = isThenable(step) ? await this.leaving.race(step) : step;
      } catch (e) {
        if (this.finished) return doneResult;
        this.finished = true;
        throw e;
      }
      if (this.finished || r === undefined) {
        this.finished = true;
        return doneResult;
      }
      this.state = r[1];
      return { done: false, value: r[0] };
    } finally {
      this.running = false;
    }
  }

  protected stop(): undefined {
    this.leaving.interrupt(undefined);
    return undefined;
  }
}
