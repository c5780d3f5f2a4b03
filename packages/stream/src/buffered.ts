/**
 * `buffered(n)` and `bufferUnordered(n)`: run up to `n` tasks of a stream at once.
 *
 * # Implementation notes
 *
 * Items of the source are *tasks*: functions `(signal) => value | promise`, started here (so `n` really
 * bounds the work in flight), or promises and values, which are only awaited. At most `n` tasks are
 * held at a time, counting those finished but not yet consumed, as futures' `FuturesOrdered` /
 * `FuturesUnordered` hold them: memory stays bounded however slow the consumer is.
 *
 * As in futures, the operator makes progress only while it is polled: the source is pulled to refill
 * the `n` slots when the consumer calls `next()`, not ahead of it. A sync source (an array, say) is
 * pulled synchronously, so refilling costs no microtask per task. Every task of one iteration shares
 * one `AbortController`, aborted when the consumer leaves early or a task fails.
 */
import { CancelledError } from '@async/core';
import {
  donePromise,
  doneResult,
  ENDED,
  type Flow,
  flowOf,
  ignore,
  implementPollable,
  NOT_READY,
  nextOf,
  openSync,
  type Pollable,
  pollNext,
  returnOf,
  type StreamInput,
  toFlow,
} from './flow';
import { checkCount } from './validate';

/**
 * What a task item of `buffered` / `bufferUnordered` resolves to: a task's awaited result, or a
 * promise's value.
 *
 * @example
 * ```ts
 * import type { TaskOutput } from '@async/stream';
 *
 * const n: TaskOutput<(signal: AbortSignal) => Promise<number>> = 1;
 * const s: TaskOutput<Promise<string>> = 'a';
 * void [n, s];
 * ```
 */
export type TaskOutput<U> = U extends (signal: AbortSignal) => infer R ? Awaited<R> : Awaited<U>;

/**
 * Runs up to `n` tasks of the stream at once and yields their results **in input order** (futures'
 * `buffered`). An item is a task `(signal) => value | promise`, started when a slot is free, or an
 * already started promise. The first failure (in input order) aborts the tasks in flight, calls
 * `return()` upstream and rejects. `n` must be an integer ≥ 1.
 *
 * @example
 * ```ts
 * import { buffered, collect, map, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const delays = [30, 10, 20];
 * const out = await pipe(
 *   delays,
 *   map((ms) => () => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms))),
 *   buffered(2),
 *   collect(),
 * );
 * assert.deepEqual(out, [30, 10, 20]);
 * ```
 */
export function buffered(n: number): <U>(source: StreamInput<U>) => AsyncIterable<TaskOutput<U>> {
  checkCount(n, 'buffered: n', 1);
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new BufferIterator(flow, n, true) });
  };
}

/**
 * Runs up to `n` tasks of the stream at once and yields their results **in completion order** (futures'
 * `buffer_unordered`). Items are tasks as for {@link buffered}. Leaving early (`break`) aborts the
 * tasks in flight through their signal and calls `return()` upstream; the first failure does the same
 * and rejects. `n` must be an integer ≥ 1.
 *
 * @example
 * ```ts
 * import { bufferUnordered, collect, map, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const delays = [30, 10, 20];
 * const out = await pipe(
 *   delays,
 *   map((ms) => () => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms))),
 *   bufferUnordered(3),
 *   collect(),
 * );
 * assert.deepEqual(out, [10, 20, 30]);
 * ```
 */
export function bufferUnordered(n: number): <U>(source: StreamInput<U>) => AsyncIterable<TaskOutput<U>> {
  checkCount(n, 'bufferUnordered: n', 1);
  return (source) => {
    const flow = toFlow(source);
    return flowOf({ [Symbol.asyncIterator]: () => new BufferIterator(flow, n, false) });
  };
}

/** One task: its outcome once settled. */
class Slot {
  settled = false;
  ok = true;
  value: unknown = undefined;
  next: Slot | undefined = undefined;
}

class BufferIterator<T> implements Pollable<T> {
  private readonly flow: Flow<unknown>;
  private readonly n: number;
  private readonly ordered: boolean;
  private sync: Iterator<unknown> | undefined;
  private iterator: AsyncIterator<unknown> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  /** Tasks started and not yet consumed. */
  private held = 0;
  private sourceDone = false;
  private pulling = false;
  private finished = false;
  /** Ordered: every held task in input order. Unordered: settled tasks in completion order. */
  private head: Slot | undefined = undefined;
  private tail: Slot | undefined = undefined;
  private resolve: ((r: IteratorResult<T>) => void) | undefined = undefined;
  private reject: ((e: unknown) => void) | undefined = undefined;
  private waiting: Promise<IteratorResult<T>> | undefined = undefined;

  constructor(flow: Flow<unknown>, n: number, ordered: boolean) {
    this.flow = flow;
    this.n = n;
    this.ordered = ordered;
    this.sync = openSync(flow);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.waiting !== undefined) {
      const after = () => this.next();
      return this.waiting.then(after, after);
    }
    if (this.finished) return donePromise;
    if (!this.failed()) this.fill();
    const head = this.head;
    if (head?.settled) return this.consume(head);
    if (this.sourceDone && this.held === 0) {
      this.finished = true;
      return donePromise;
    }
    const p = new Promise<IteratorResult<T>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.waiting = p;
    return p;
  }

  declare [pollNext]: () => T | typeof NOT_READY | typeof ENDED;
  /**
   * A value ready now, without a promise (see {@link pollNext}): the settled head's value, or the end;
   * `NOT_READY` when `next()` must wait, or has a failure to report. Put on the prototype from a
   * static field marked pure (see `implementPollable`), so that a bundle without the buffers drops them.
   */
  static readonly pollable = /* @__PURE__ */ implementPollable(
    this,
    function poll(this: BufferIterator<unknown>) {
      if (this.waiting !== undefined) return NOT_READY;
      if (this.finished) return ENDED;
      if (this.failed()) return NOT_READY;
      this.fill();
      const head = this.head;
      if (head?.settled) {
        if (!head.ok) return NOT_READY; // a task failed meanwhile: next() reports it
        this.unlink(head);
        return head.value;
      }
      if (this.sourceDone && this.held === 0) {
        this.finished = true;
        return ENDED;
      }
      return NOT_READY;
    },
  );

  /**
   * Whether the next result is a failure. Otherwise a poll first refills the free slots, as futures'
   * `poll_next` does: a slot freed by a consumed result works while the consumer handles it.
   */
  private failed(): boolean {
    const head = this.head;
    return head?.settled === true && !head.ok;
  }

  /** Takes the settled head slot: its value, or its failure (which ends the stream). */
  private consume(slot: Slot): Promise<IteratorResult<T>> {
    this.unlink(slot);
    if (slot.ok) {
      return Promise.resolve({ done: false, value: slot.value as T });
    }
    const error = slot.value;
    return this.shutdown().then(() => Promise.reject(error));
  }

  private unlink(slot: Slot): void {
    this.head = slot.next;
    if (this.head === undefined) this.tail = undefined;
    this.held--;
  }

  /** Starts tasks until `n` are held, the source ends, or an async pull is in flight. */
  private fill(): void {
    while (!this.pulling && !this.sourceDone && !this.finished && this.held < this.n) {
      const sync = this.sync;
      if (sync !== undefined) {
        let r: IteratorResult<unknown>;
        try {
          r = sync.next();
        } catch (e) {
          this.sourceFailed(e);
          return;
        }
        if (r.done) this.sourceDone = true;
        else this.start(r.value);
      } else {
        this.iterator ??= this.flow[Symbol.asyncIterator]();
        this.pulling = true;
        nextOf(this.iterator).then(this.onItem, this.onSourceError);
        return;
      }
    }
    if (this.sourceDone && this.held === 0 && this.resolve !== undefined) this.deliver(doneResult);
  }

  private readonly onItem = (r: IteratorResult<unknown>): void => {
    this.pulling = false;
    if (this.finished) {
      if (!r.done) discard(r.value);
      return;
    }
    if (r.done) this.sourceDone = true;
    else this.start(r.value);
    if (this.resolve !== undefined) this.fill();
  };

  private readonly onSourceError = (e: unknown): void => {
    this.pulling = false;
    if (!this.finished) this.sourceFailed(e);
  };

  /** A source error takes its place after the tasks already started. */
  private sourceFailed(e: unknown): void {
    this.sourceDone = true;
    this.iterator = undefined;
    this.sync = undefined;
    this.held++;
    const slot = new Slot();
    this.append(slot);
    this.settle(slot, false, e);
  }

  private append(slot: Slot): void {
    if (this.tail === undefined) this.head = slot;
    else this.tail.next = slot;
    this.tail = slot;
  }

  private start(task: unknown): void {
    this.held++;
    // Unordered: a slot is only needed once the task settles (shared callbacks, no closure per task).
    const slot = this.ordered ? new Slot() : undefined;
    if (slot !== undefined) this.append(slot);
    let result: unknown = task;
    if (typeof task === 'function') {
      try {
        result = task((this.controller ??= new AbortController()).signal);
      } catch (e) {
        this.settle(slot, false, e);
        return;
      }
    }
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      const then = (result as PromiseLike<unknown>).then;
      if (typeof then === 'function') {
        if (slot === undefined) then.call(result, this.onOk, this.onError);
        else
          then.call(
            result,
            (v: unknown) => this.settle(slot, true, v),
            (e: unknown) => this.settle(slot, false, e),
          );
        return;
      }
    }
    this.settle(slot, true, result);
  }

  private readonly onOk = (value: unknown): void => this.settle(undefined, true, value);
  private readonly onError = (error: unknown): void => this.settle(undefined, false, error);

  /** Records a task's outcome (`slot` is `undefined` for unordered tasks) and hands it out if awaited. */
  private settle(slot: Slot | undefined, ok: boolean, value: unknown): void {
    if (this.finished) return;
    if (slot === undefined) {
      if (ok && this.resolve !== undefined && this.head === undefined) {
        this.held--;
        this.deliver({ done: false, value: value as T });
        return;
      }
      slot = new Slot();
      this.append(slot);
    }
    slot.settled = true;
    slot.ok = ok;
    slot.value = value;
    if (this.resolve !== undefined && this.head?.settled) {
      const head = this.head;
      this.head = head.next;
      if (this.head === undefined) this.tail = undefined;
      this.held--;
      if (head.ok) this.deliver({ done: false, value: head.value as T });
      else {
        const reject = this.reject!;
        this.clearWaiter();
        this.shutdown().then(() => reject(head.value));
      }
    }
  }

  private deliver(result: IteratorResult<T>): void {
    const resolve = this.resolve!;
    this.clearWaiter();
    if (result.done) this.finished = true;
    resolve(result);
  }

  private clearWaiter(): void {
    this.resolve = this.reject = undefined;
    this.waiting = undefined;
  }

  /** Ends the iteration: aborts tasks in flight, drops held results, `return()` upstream. */
  private shutdown(): Promise<unknown> {
    this.finished = true;
    this.head = this.tail = undefined;
    this.controller?.abort(new CancelledError('the stream was closed'));
    const sync = this.sync;
    this.sync = undefined;
    if (sync !== undefined) {
      try {
        sync.return?.();
      } catch {
        // a cleanup error does not replace the reason we are closing
      }
      return donePromise;
    }
    const it = this.iterator;
    this.iterator = undefined;
    if (this.sourceDone) return donePromise;
    const returned = returnOf(it);
    // A pull in flight keeps an async generator from running its `finally` until it settles:
    // waiting for it could hang on a source that never yields again.
    return this.pulling ? donePromise : returned;
  }

  return(): Promise<IteratorResult<T>> {
    if (this.finished) return donePromise;
    const resolve = this.resolve;
    this.clearWaiter();
    const stopped = this.shutdown();
    resolve?.(doneResult);
    return stopped.then(() => doneResult);
  }
}

/** A promise item pulled after the end is not awaited by anyone: keep its rejection handled. */
function discard(item: unknown): void {
  if (item !== null && typeof item === 'object' && typeof (item as PromiseLike<unknown>).then === 'function')
    (item as Promise<unknown>).then(undefined, ignore);
}
