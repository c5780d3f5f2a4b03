/**
 * `mapAsync`: tokio-stream's `then`, renamed (a `then` export or method would make the module namespace
 * and the fluent stream thenable).
 */
import { CancelledError } from '@async/core';
import { checkFunction } from '@async/core/protocol';
import {
  doneResult,
  flowOf,
  Interrupt,
  isThenable,
  PullIterator,
  returnOf,
  type StreamInput,
  toFlow,
} from './flow';

/**
 * Applies an async `f` to every item, one at a time, in order (tokio-stream's `then`). `f` receives an
 * `AbortSignal` that aborts when the consumer leaves early (`break`, `take`, an error downstream), so
 * the call in flight can stop. For concurrency, map to tasks and use `buffered` / `bufferUnordered`.
 *
 * @example
 * ```ts
 * import { collect, mapAsync, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const out = await pipe([1, 2], mapAsync(async (x) => x + 1), collect());
 * assert.deepEqual(out, [2, 3]);
 * ```
 */
export function mapAsync<A, B>(
  f: (value: A, signal: AbortSignal) => B | PromiseLike<B>,
): (source: StreamInput<A>) => AsyncIterable<B> {
  checkFunction(f, 'mapAsync: f');
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new MapAsyncIterator(flow, f) });
  };
}

class MapAsyncIterator<A, B> extends PullIterator<B> {
  private iterator: AsyncIterator<A> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  /** Interrupts the call in flight when the consumer leaves: it is not waited for. */
  private readonly leaving = new Interrupt();
  private readonly source: AsyncIterable<A>;
  private readonly f: (value: A, signal: AbortSignal) => B | PromiseLike<B>;

  constructor(source: AsyncIterable<A>, f: (value: A, signal: AbortSignal) => B | PromiseLike<B>) {
    super();
    this.source = source;
    this.f = f;
  }

  protected async pull(): Promise<IteratorResult<B>> {
    try {
      const it = (this.iterator ??= this.source[Symbol.asyncIterator]());
      const r = await this.pullFrom(it);
      if (r.done) return doneResult;
      const signal = (this.controller ??= new AbortController()).signal;
      let value: B;
      try {
        const result = this.f(r.value, signal);
        value = isThenable(result) ? ((await this.leaving.race(result)) as B) : result;
      } catch (e) {
        if (this.finished) return doneResult;
        this.finished = true;
        await returnOf(it);
        throw e;
      }
      if (this.finished) return doneResult;
      return { done: false, value };
    } finally {
      this.running = false;
    }
  }

  protected stop(): Promise<unknown> | undefined {
    this.controller?.abort(new CancelledError('the stream was closed'));
    this.leaving.interrupt(undefined);
    return this.returnSource(this.iterator);
  }
}
