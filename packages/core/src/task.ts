/**
 * `spawn` and `JoinHandle`: a task is an async function run concurrently, with a handle to await its
 * value, abort it, or ask whether it finished.
 *
 * # Implementation notes
 *
 * A task starts at once, as calling an async function does: it runs up to its first `await` before
 * `spawn` returns. It gets its own `AbortSignal` only if its function declares a parameter: creating
 * an `AbortSignal` costs about ten times as much as a whole trivial task, and a function that takes
 * no parameter could not see it anyway.
 *
 * Cancellation is cooperative, as everywhere in JavaScript: `abort()` aborts the task's signal, and
 * the handle settles when the function does. If the function still finishes with a value, the handle
 * delivers it (the value exists; dropping it could lose a message); if it rejects, the handle rejects
 * with a cancelled `JoinError`.
 *
 * A handle attaches one reaction to its function's promise: it records the outcome (so that
 * `isFinished`, a `JoinSet` or a `scope` know at once) and makes the promise that awaiting the handle
 * follows, with the failure turned into a `JoinError`. A task that fails on its own while nobody
 * observes its handle (no `then`, no `JoinSet` or `scope` owning it) leaves that promise rejected and
 * unhandled, so the host reports it exactly as it reports any rejected promise nobody handled;
 * awaiting the handle later handles it. Under `run`, such failures are collected and reported when
 * `run` ends instead. A task that was asked to stop (`abort()`, its `signal` option) is never
 * reported, whatever it rejects with: the program asked for it (tokio's abort-and-drop).
 *
 * That reaction is most of what a task costs beyond its function (see the reference row of the core
 * benchmark), and the handle itself is kept small: what few tasks have lives in a separate object.
 */
import { unwatchAbort, watchAbort } from './abort-watch';
import { CancelledError, JoinError } from './errors';
import { processSlot } from './process-slot';
import { checkFunction, checkOptions, checkSignal, checkString } from './validate';
import { Waiter } from './wait-queue';

/** Options for {@link spawn}. */
export interface SpawnOptions {
  /** A name for the task, shown in its errors and in `run`'s reports. */
  readonly name?: string;
  /** Aborting this signal aborts the task (with the signal's reason). */
  readonly signal?: AbortSignal;
}

/** What a task runs: an async function, handed the task's signal if it declares a parameter. */
export type TaskFn<T> = (signal: AbortSignal) => T | PromiseLike<T>;

/** Receives a task's outcome: a `JoinSet`, a `scope`, or the runtime of `run`. */
export interface TaskOwner {
  settled(task: JoinHandle<unknown>): void;
}

/** The runtime of `run`, while one is active. */
export interface TaskTracker {
  track(task: JoinHandle<unknown>): void;
  untrack(task: JoinHandle<unknown>, unobservedFailure: boolean): void;
  observed(task: JoinHandle<unknown>): void;
}

/**
 * The tracker of the active `run`, shared by every copy of `@async/core` in the process: a task
 * spawned through another copy (a dependency's, or the CJS build) is still one of the program's.
 */
const runSlot: { tracker: TaskTracker | undefined } = /* @__PURE__ */ processSlot('run@1', () => ({
  tracker: undefined,
}));

/** Installs the tracker of `run`; returns the previous one. */
export function setTaskTracker(next: TaskTracker | undefined): TaskTracker | undefined {
  const previous = runSlot.tracker;
  runSlot.tracker = next;
  return previous;
}

const RUNNING = 0;
const SUCCEEDED = 1;
const FAILED = 2;
/** The bits of `flags` that hold `RUNNING`, `SUCCEEDED` or `FAILED`. */
const STATE = 3;
/** Flag bits beside the state. */
const CANCEL_REQUESTED = 4;
const OBSERVED = 8;

/** A rejection handler that handles by ignoring. */
export function ignore(): void {}

/**
 * What few tasks have: a name, a signal of their own (their function takes a parameter), a watch on
 * `options.signal` (this object is that watch's waiter), the tracker of `run`. Kept out of
 * {@link JoinHandle}, allocated only when a task has one of them: every field of a handle costs while
 * a hundred thousand handles are alive, and a plain task needs none of these.
 */
class TaskExtras extends Waiter {
  readonly task: JoinHandle<unknown>;
  readonly name: string | undefined;
  readonly tracker: TaskTracker | undefined;
  controller: AbortController | undefined = undefined;
  constructor(task: JoinHandle<unknown>, name: string | undefined, runTracker: TaskTracker | undefined) {
    super();
    this.task = task;
    this.name = name;
    this.tracker = runTracker;
  }
  onAbort(reason: unknown): void {
    this.task.abort(reason);
  }
}

/**
 * A running task. Await it (it is a thenable) for the task's value; it rejects with a
 * {@link JoinError} if the task threw or was cancelled.
 *
 * Dropping a handle does not stop the task (as tokio, it detaches); call {@link JoinHandle.abort}.
 */
export class JoinHandle<T> implements PromiseLike<T> {
  /** @internal What the task ended with: its value, or its `JoinError`. */
  outcome: unknown = undefined;
  /** @internal `RUNNING`, `SUCCEEDED` or `FAILED`, with the `CANCEL_REQUESTED` and `OBSERVED` bits. */
  flags = RUNNING;
  /** @internal The task's index in its owning `JoinSet`'s list of running tasks. */
  slot = 0;
  private readonly owner: TaskOwner | undefined;
  private readonly extras: TaskExtras | undefined = undefined;
  private readonly promise: Promise<T>;

  /** @internal Use {@link spawn}, `JoinSet.spawn` or a scope's `spawn`. */
  constructor(fn: TaskFn<T>, options: SpawnOptions | undefined, owner: TaskOwner | undefined) {
    this.owner = owner;
    const name = options?.name;
    const signal = options?.signal;
    const takesSignal = fn.length > 0;
    const tracker = runSlot.tracker;
    if (name !== undefined || tracker !== undefined || signal !== undefined || takesSignal) {
      this.extras = new TaskExtras(this as JoinHandle<unknown>, name, tracker);
    }
    tracker?.track(this);
    let result: T | PromiseLike<T>;
    if (signal?.aborted) {
      // Cancelled before it started: the function never runs, as a tokio task aborted before its first poll.
      this.flags = CANCEL_REQUESTED;
      result = Promise.reject(signal.reason);
    } else {
      const extras = this.extras;
      let own: AbortSignal | undefined;
      if (extras !== undefined) {
        if (takesSignal) own = (extras.controller = new AbortController()).signal;
        if (signal !== undefined) watchAbort(extras, signal);
      }
      try {
        result = fn(own as AbortSignal);
      } catch (error) {
        result = Promise.reject(error);
      }
    }
    this.promise = Promise.resolve(result).then(
      (value) => this.succeed(value),
      (error) => this.fail(error),
    );
  }

  /** The task's name, if it was given one. */
  get name(): string | undefined {
    return this.extras?.name;
  }

  /** @internal Whether the task has ended with a failure (its `outcome` is then a `JoinError`). */
  get failed(): boolean {
    return (this.flags & STATE) === FAILED;
  }

  /**
   * Asks the task to stop: aborts its signal with `reason` (a {@link CancelledError} by default).
   * The handle then rejects with a cancelled {@link JoinError}, once the function settles, unless
   * the function still returns a value. Harmless on a finished task and when called twice.
   */
  abort(reason: unknown = new CancelledError('The task was aborted')): void {
    if ((this.flags & STATE) !== RUNNING || (this.flags & CANCEL_REQUESTED) !== 0) return;
    this.flags |= CANCEL_REQUESTED;
    this.unwatch();
    this.extras?.controller?.abort(reason);
  }

  /** Whether the task's function has settled (a cancelled task counts once it has stopped). */
  isFinished(): boolean {
    return (this.flags & STATE) !== RUNNING;
  }

  // biome-ignore lint/suspicious/noThenProperty: a JoinHandle is awaited like a promise, by design.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if ((this.flags & OBSERVED) === 0) {
      this.flags |= OBSERVED;
      this.extras?.tracker?.observed(this as JoinHandle<unknown>);
    }
    return this.promise.then(onfulfilled, onrejected);
  }

  private unwatch(): void {
    if (this.extras !== undefined) unwatchAbort(this.extras);
  }

  private succeed(value: T): T {
    this.flags = (this.flags & ~STATE) | SUCCEEDED;
    this.outcome = value;
    this.finish(false);
    return value;
  }

  private fail(error: unknown): never {
    // Whatever a task throws once it was asked to stop is how it stopped (typically its signal's
    // reason, rethrown by the operation it was waiting in): a cancellation, not a failure.
    const cancelled = (this.flags & CANCEL_REQUESTED) !== 0;
    const joinError = new JoinError(cancelled, error, this.extras?.name);
    this.flags = (this.flags & ~STATE) | FAILED;
    this.outcome = joinError;
    // A cancellation the program asked for is nobody's error: it is handled here, so that aborting a
    // handle and dropping it is never reported (whoever awaits the handle still gets the JoinError).
    // A failure is reported by its owner (JoinSet, scope) or run's tracker; otherwise the rejection is
    // left for the host to report if nobody handles it, as for any promise.
    if (cancelled || this.owner !== undefined || this.extras?.tracker !== undefined) {
      this.promise.then(undefined, ignore);
    }
    this.finish(!cancelled && (this.flags & OBSERVED) === 0 && this.owner === undefined);
    throw joinError;
  }

  private finish(unobservedFailure: boolean): void {
    this.unwatch();
    this.extras?.tracker?.untrack(this as JoinHandle<unknown>, unobservedFailure);
    this.owner?.settled(this as JoinHandle<unknown>);
  }
}

const SPAWN_OPTIONS = ['name', 'signal'];

/** @internal Checks the arguments of `spawn`, `JoinSet.spawn` or a scope's `spawn` (`where`). */
export function checkSpawn(
  fn: unknown,
  options: SpawnOptions | undefined,
  where: string,
  keys = SPAWN_OPTIONS,
): void {
  checkFunction(fn, `${where}: fn`);
  if (options === undefined) return;
  checkOptions(options, `${where}: options`, keys);
  if (options.name !== undefined) checkString(options.name, `${where}: options.name`);
  if (options.signal !== undefined) checkSignal(options.signal, `${where}: options.signal`);
}

/**
 * Runs `fn` as a concurrent task and returns its {@link JoinHandle}.
 *
 * The function starts at once and runs up to its first `await` before `spawn` returns. If it declares
 * a parameter, it receives the task's `AbortSignal`, which `handle.abort()` (or `options.signal`)
 * aborts; cancellation is cooperative, so a task that should be abortable passes its signal on.
 *
 * A task whose function throws rejects its handle with a `JoinError` (`isFailure()`). If nobody ever
 * awaits the handle, the failure surfaces as the host's unhandled-rejection report, as for any
 * promise nobody handled (under `run`, as `run`'s report). A task that was asked to stop is never
 * reported: `spawn(loop).abort()` with nobody awaiting the handle is fine.
 *
 * Throws a `TypeError` at the call if `fn` is not a function or an option is unknown or of the wrong type.
 *
 * @example
 * ```ts
 * import { JoinError, spawn } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const answer = spawn(async () => 6 * 7);
 * assert.equal(await answer, 42);
 *
 * const endless = spawn((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
 * endless.abort();
 * const error = await endless.then(() => undefined, (e: unknown) => e);
 * assert.ok(JoinError.is(error) && error.isCancelled());
 * ```
 */
export function spawn<T>(fn: TaskFn<T>, options?: SpawnOptions): JoinHandle<Awaited<T>> {
  checkSpawn(fn, options, 'spawn');
  return new JoinHandle(fn as TaskFn<Awaited<T>>, options, undefined);
}
