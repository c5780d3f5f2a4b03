/**
 * `scope`: structured concurrency. Tasks spawned in a scope cannot outlive it.
 *
 * Decisions:
 * - The scope's promise settles only after the body and every child have settled.
 * - The first failure (of the body or of a child) aborts the scope's signal, and so every child, and
 *   is what the scope rejects with, unchanged: `catch (e) { if (e instanceof MyError) … }` works
 *   whatever the children did.
 * - Failures that happen after it and are not cancellations (an error other than the abort reason,
 *   an `AbortError` or a cancelled `JoinError`) are not lost: when the first failure is an object,
 *   they are listed on it as `suppressed` (an array), as Kotlin attaches suppressed exceptions.
 * - When the outer signal aborts, children that stop because of it have not failed; if the body
 *   then throws, the scope rejects with the outer signal's reason, as any aborted operation does.
 */
import { unwatchAbort, watchAbort } from './abort-watch';
import { CancelledError, JoinError } from './errors';
import { checkSpawn, JoinHandle, type SpawnOptions, type TaskFn } from './task';
import { checkFunction, checkOptions, checkSignal } from './validate';
import { Waiter } from './wait-queue';

/** Options for {@link scope}. */
export interface ScopeOptions {
  /** Aborting it aborts the scope's signal, and so every child. */
  readonly signal?: AbortSignal;
}

/** Aborts a scope's controller when the outer signal aborts. */
class OuterWatch extends Waiter {
  constructor(private readonly controller: AbortController) {
    super();
  }
  onAbort(reason: unknown): void {
    this.controller.abort(reason);
  }
}

/** A child's signal is the scope's: a `signal` option would be ignored, so it is refused. */
const SCOPE_SPAWN_OPTIONS = ['name'];

/** The handle a {@link scope} body receives, to spawn children. */
export class Scope {
  private readonly controller = new AbortController();
  // A waiter of its own rather than `Scope extends Waiter`: the scope is public API, the queue links are not.
  private readonly outerWatch: OuterWatch | undefined = undefined;
  private live = 0;
  private closed = false;
  private failed = false;
  private firstError: unknown = undefined;
  private readonly suppressed: unknown[] = [];
  private onIdle: (() => void) | undefined = undefined;

  /** @internal */
  constructor(outer: AbortSignal | undefined) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    else if (outer !== undefined) {
      this.outerWatch = new OuterWatch(this.controller);
      watchAbort(this.outerWatch, outer);
    }
  }

  /** Aborted when the scope fails or its outer signal aborts; children are aborted with it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Spawns a child task (see `spawn`). Throws if the scope has already ended. */
  spawn<T>(fn: TaskFn<T>, options?: Omit<SpawnOptions, 'signal'>): JoinHandle<Awaited<T>> {
    checkSpawn(fn, options, 'Scope.spawn', SCOPE_SPAWN_OPTIONS);
    if (this.closed) throw new Error('scope: cannot spawn into a scope that has ended');
    this.live++;
    return new JoinHandle(fn as TaskFn<Awaited<T>>, { ...options, signal: this.controller.signal }, this);
  }

  /** @internal A child settled. */
  settled(task: JoinHandle<unknown>): void {
    if (task.failed) this.record((task.outcome as JoinError).cause);
    if (--this.live === 0) this.onIdle?.();
  }

  /** @internal A child or the body failed with `error`. */
  record(error: unknown): void {
    const signal = this.controller.signal;
    if (signal.aborted && isCancellation(error, signal.reason)) return;
    if (!this.failed) {
      this.failed = true;
      this.firstError = error;
      this.controller.abort(new CancelledError('A sibling in the scope failed'));
    } else {
      this.suppressed.push(error);
    }
  }

  /** @internal Resolves once every child has settled; then no child can be added. */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.closed = true;
        if (this.outerWatch !== undefined) unwatchAbort(this.outerWatch);
        resolve();
      };
      if (this.live === 0) done();
      else this.onIdle = done;
    });
  }

  /** @internal Throws the first failure (with later ones attached), or the abort reason if the body was cancelled. */
  rethrow(bodyThrew: boolean): void {
    if (!this.failed) {
      if (bodyThrew) throw this.controller.signal.reason;
      return;
    }
    const error = this.firstError;
    if (this.suppressed.length > 0 && typeof error === 'object' && error !== null) {
      Object.defineProperty(error, 'suppressed', { value: this.suppressed, configurable: true });
    }
    throw error;
  }
}

/** Whether `error` is how a task reports that it stopped because its signal aborted with `reason`. */
function isCancellation(error: unknown, reason: unknown): boolean {
  return (
    error === reason ||
    (error instanceof Error && error.name === 'AbortError') ||
    (JoinError.is(error) && error.isCancelled())
  );
}

/**
 * Runs `body` with a {@link Scope} to spawn children into, and settles only after every child has
 * settled. The first failure aborts the scope's signal (and so all children) and is rethrown as it
 * is; later failures that are not cancellations are attached to it as `suppressed`.
 *
 * Throws a `TypeError` at the call if `body` is not a function or an option is bad.
 *
 * @example
 * ```ts
 * import { scope } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const stopped: string[] = [];
 * const error = await scope(async (s) => {
 *   s.spawn((signal) => new Promise((_, reject) => {
 *     signal.addEventListener('abort', () => { stopped.push('sibling'); reject(signal.reason); });
 *   }));
 *   s.spawn(async () => { throw new Error('boom'); });
 * }).then(() => undefined, (e: Error) => e);
 * assert.equal(error?.message, 'boom');
 * assert.deepEqual(stopped, ['sibling']);
 * ```
 */
export function scope<T>(body: (scope: Scope) => T | PromiseLike<T>, options?: ScopeOptions): Promise<T> {
  checkFunction(body, 'scope: body');
  checkOptions(options, 'scope: options', ['signal']);
  if (options?.signal !== undefined) checkSignal(options.signal, 'scope: options.signal');
  return runScope(body, options?.signal);
}

async function runScope<T>(
  body: (scope: Scope) => T | PromiseLike<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const s = new Scope(signal);
  let result: T | undefined;
  let bodyThrew = false;
  try {
    result = await body(s);
  } catch (error) {
    bodyThrew = true;
    s.record(error);
  }
  await s.idle();
  s.rethrow(bodyThrew);
  return result as T;
}
