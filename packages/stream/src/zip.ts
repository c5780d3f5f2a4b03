/** `zip`: two streams in lockstep. */
import { doneResult, flowOf, nextOf, PullIterator, returnOf, type StreamInput, toFlow } from './flow';

/**
 * Pairs the items of two streams: `[a, b]`, pulling both at once. Ends as soon as either ends (the
 * other gets `return()`), so the result is as long as the shorter input.
 *
 * @example
 * ```ts
 * import { collect, pipe, zip } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(await pipe([1, 2, 3], zip(['a', 'b']), collect()), [[1, 'a'], [2, 'b']]);
 * ```
 */
export function zip<A, B>(other: StreamInput<B>): (source: StreamInput<A>) => AsyncIterable<[A, B]> {
  const right = toFlow(other, 'zip: other');
  return (source) => {
    const left = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new ZipIterator<A, B>(left, right) });
  };
}

class ZipIterator<A, B> extends PullIterator<[A, B]> {
  private a: AsyncIterator<A> | undefined = undefined;
  private b: AsyncIterator<B> | undefined = undefined;
  private readonly left: AsyncIterable<A>;
  private readonly right: AsyncIterable<B>;

  constructor(left: AsyncIterable<A>, right: AsyncIterable<B>) {
    super();
    this.left = left;
    this.right = right;
  }

  protected async pull(): Promise<IteratorResult<[A, B]>> {
    try {
      const a = (this.a ??= this.left[Symbol.asyncIterator]());
      const b = (this.b ??= this.right[Symbol.asyncIterator]());
      this.pulling = true;
      const [ra, rb] = await Promise.allSettled([nextOf(a), nextOf(b)]);
      this.pulling = false;
      if (this.finished) return doneResult;
      if (ra.status === 'rejected' || rb.status === 'rejected') {
        this.finished = true;
        // The side that threw is done; the other is ended.
        if (ra.status === 'fulfilled' && !ra.value.done) await returnOf(a);
        if (rb.status === 'fulfilled' && !rb.value.done) await returnOf(b);
        throw ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
      }
      if (ra.value.done || rb.value.done) {
        this.finished = true;
        if (!ra.value.done) await a.return?.();
        if (!rb.value.done) await b.return?.();
        return doneResult;
      }
      return { done: false, value: [ra.value.value, rb.value.value] };
    } finally {
      this.running = false;
    }
  }

  protected stop(): Promise<unknown> | undefined {
    const returned = Promise.all([returnOf(this.a), returnOf(this.b)]);
    // With a pull in flight an async generator cannot return before it settles: do not wait for it.
    return this.pulling ? undefined : returned;
  }
}
