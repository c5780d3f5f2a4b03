/**
 * `JoinSet`: a collection of tasks, awaited in the order they finish.
 *
 * # Implementation notes
 *
 * A task is first in `running`, an array for `abortAll` in which each task knows its index (`slot`),
 * so that leaving it is a swap with the last entry: a `Set` cost a fifth of a drain, growing and
 * shrinking its hash table. From the moment it settles, the task is in `finished`, an
 * {@link ArrayQueue}. `joinNext` takes the oldest finished task, or waits. Draining the set in
 * completion order is O(1) per task.
 */
import { unwatchAbort, watchAbort } from './abort-watch';
import { ArrayQueue } from './array-queue';
import { checkSpawn, ignore, JoinHandle, type SpawnOptions, type TaskFn } from './task';
import { checkOptions, checkSignal } from './validate';
import { Waiter, WaitQueue } from './wait-queue';

class JoinNextWaiter<T> extends Waiter {
  constructor(
    readonly resolve: (value: T | undefined) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    this.queue?.remove(this);
    this.reject(reason);
  }
}

/** Options for {@link JoinSet.joinNext}. */
export interface JoinNextOptions {
  /** Stops waiting, rejecting with the signal's reason. No task is taken. */
  readonly signal?: AbortSignal;
}

/**
 * A set of tasks whose results arrive in the order the tasks finish.
 *
 * `await using set = new JoinSet()` cannot leak tasks: leaving the block aborts every task still in
 * the set and waits until each has stopped (see {@link JoinSet.shutdown}).
 *
 * @example
 * ```ts
 * import { JoinSet } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * await using set = new JoinSet<number>();
 * for (const ms of [30, 10, 20]) {
 *   set.spawn(() => new Promise<number>((resolve) => setTimeout(resolve, ms, ms)));
 * }
 * const order: number[] = [];
 * for await (const ms of set) order.push(ms);
 * assert.deepEqual(order, [10, 20, 30]);
 * ```
 */
export class JoinSet<T> implements AsyncIterable<T>, AsyncDisposable {
  /** Running tasks, in no order; each holds its index here (`slot`), so that removal is O(1). */
  private readonly running: JoinHandle<T>[] = [];
  private readonly finished = new ArrayQueue<JoinHandle<T>>();
  private readonly waiters = new WaitQueue<JoinNextWaiter<T>>();

  /** How many tasks the set holds, running or finished but not yet joined. */
  get size(): number {
    return this.running.length + this.finished.length;
  }

  /**
   * Spawns `fn` as a task of this set (see `spawn` for how a task runs and receives its signal).
   * The returned handle may be awaited or aborted too; the set still reports the task's outcome.
   */
  spawn<R extends T>(fn: TaskFn<R>, options?: SpawnOptions): JoinHandle<R> {
    checkSpawn(fn, options, 'JoinSet.spawn');
    const task = new JoinHandle<R>(fn, options, this);
    task.slot = this.running.length;
    this.running.push(task as unknown as JoinHandle<T>);
    return task;
  }

  /** @internal A task of this set settled. */
  settled(task: JoinHandle<unknown>): void {
    const t = task as JoinHandle<T>;
    const last = this.running.pop()!;
    if (last !== t) {
      this.running[t.slot] = last;
      last.slot = t.slot;
    }
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.finished.push(t);
      return;
    }
    unwatchAbort(waiter);
    if (t.failed) waiter.reject(t.outcome);
    else waiter.resolve(t.outcome as T);
  }

  /**
   * Waits for the next task to finish and removes it from the set: resolves with its value, rejects
   * with its `JoinError` (failed or cancelled), or resolves `undefined` when the set is empty.
   * Tasks are taken in the order they finished.
   *
   * **Cancel safety:** aborting the wait through `options.signal` takes no task; the next call gets it.
   */
  joinNext(options?: JoinNextOptions): Promise<T | undefined> {
    if (options !== undefined) checkJoinNextOptions(options);
    const task = this.finished.shift();
    if (task !== undefined)
      return task.failed ? Promise.reject(task.outcome) : Promise.resolve(task.outcome as T);
    if (this.running.length === 0) return Promise.resolve(undefined);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T | undefined>((resolve, reject) => {
      const waiter = new JoinNextWaiter<T>(resolve, reject);
      this.waiters.push(waiter);
      if (signal !== undefined) watchAbort(waiter, signal);
    });
  }

  /**
   * Takes a task that has already finished, without waiting: `{ value }` for a task that succeeded,
   * throws its `JoinError` for one that failed or was cancelled, and `undefined` when none has finished.
   */
  tryJoinNext(): { value: T } | undefined {
    const task = this.finished.shift();
    if (task === undefined) return undefined;
    if (task.failed) throw task.outcome;
    return { value: task.outcome as T };
  }

  /** Aborts every running task. They stay in the set until joined, as in tokio. */
  abortAll(): void {
    // Safe to walk while aborting: a task leaves `running` in a promise reaction, never synchronously.
    for (const task of this.running) task.abort();
  }

  /**
   * Aborts every task and waits until all have stopped, emptying the set. Failures are discarded.
   * Resolves once the set is empty.
   */
  async shutdown(): Promise<void> {
    this.abortAll();
    while (this.size > 0) await this.joinNext().catch(ignore);
  }

  /** {@link JoinSet.shutdown}: `await using set = new JoinSet()` never leaks a task. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /**
   * Yields each task's value in completion order until the set is empty; throws the `JoinError` of
   * a task that failed. (A plain iterator, not an async generator: no generator state per step.)
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => (this.size > 0 ? this.joinNext().then(toIteratorResult) : Promise.resolve(DONE)),
    } as AsyncIterator<T>;
  }
}

function checkJoinNextOptions(options: JoinNextOptions): void {
  checkOptions(options, 'JoinSet.joinNext: options', ['signal']);
  if (options.signal !== undefined) checkSignal(options.signal, 'JoinSet.joinNext: options.signal');
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

function toIteratorResult<T>(value: T): IteratorYieldResult<T> {
  return { done: false, value };
}
