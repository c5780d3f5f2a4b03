/**
 * `join` and `tryJoin`: run several operations concurrently and wait for them all.
 *
 * Operations come as an array (like `Promise.all`) or as an object of named operations; each is an
 * already-started promise or a function `(signal) => promise` that `join` starts. The difference:
 * `join` waits for every operation even when one fails (tokio's `join!`), `tryJoin` stops at the
 * first failure and aborts the functions it started (tokio's `try_join!`).
 */
import { unwatchAbort, watchAbort } from './abort-watch';
import { CancelledError } from './errors';
import { checkOptions, checkSignal, describe } from './validate';
import { Waiter } from './wait-queue';

/** An operation for `join`/`tryJoin`: a started promise, or a function started with a signal. */
export type Operation<T = unknown> = PromiseLike<T> | ((signal: AbortSignal) => T | PromiseLike<T>);

/** The value an operation resolves with. */
export type OperationValue<O> =
  O extends PromiseLike<infer T> ? T : O extends (signal: AbortSignal) => infer R ? Awaited<R> : never;

/** The results of `join(ops)`: an array for an array, an object with the same keys for an object. */
export type JoinResult<Operations> = { -readonly [K in keyof Operations]: OperationValue<Operations[K]> };

/** Options for {@link join} and {@link tryJoin}. */
export interface JoinOptions {
  /** Aborting it rejects with its reason at once and aborts every function operation started. */
  readonly signal?: AbortSignal;
}

/** What `join` and `tryJoin` take: an array or an object of operations. */
export type Operations = readonly Operation[] | { readonly [key: string]: Operation };

/**
 * Runs every operation concurrently and resolves with all their values, in the shape given (array or
 * object). If some fail, it still waits for all of them, then rejects with the first failure.
 *
 * @example
 * ```ts
 * import { join } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const [a, b] = await join([Promise.resolve(1), async () => 'two']);
 * assert.deepEqual([a, b], [1, 'two']);
 *
 * const { user, posts } = await join({ user: async () => 'ada', posts: Promise.resolve([1, 2]) });
 * assert.equal(user, 'ada');
 * assert.deepEqual(posts, [1, 2]);
 * ```
 */
export function join<const O extends Operations>(ops: O, options?: JoinOptions): Promise<JoinResult<O>> {
  const keys = checkJoin(ops, options, 'join');
  return new Promise(
    (resolve, reject) => new Joining(ops, keys, false, options?.signal, resolve as never, reject),
  );
}

/**
 * Like {@link join}, but the first failure rejects at once and aborts every function operation still
 * running (promises given as such cannot be aborted; their later failures are ignored).
 *
 * @example
 * ```ts
 * import { tryJoin } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * let aborted = false;
 * const slow = (signal: AbortSignal) =>
 *   new Promise((_, reject) => signal.addEventListener('abort', () => { aborted = true; reject(signal.reason); }));
 * await assert.rejects(tryJoin([slow, Promise.reject(new Error('bad input'))]), /bad input/);
 * assert.ok(aborted);
 * ```
 */
export function tryJoin<const O extends Operations>(ops: O, options?: JoinOptions): Promise<JoinResult<O>> {
  const keys = checkJoin(ops, options, 'tryJoin');
  return new Promise(
    (resolve, reject) => new Joining(ops, keys, true, options?.signal, resolve as never, reject),
  );
}

/**
 * The keys of `ops`, after checking that each is an operation and the options are good (a
 * `TypeError` at the call if not).
 */
function checkJoin(ops: Operations, options: JoinOptions | undefined, where: string): (string | number)[] {
  if (typeof ops !== 'object' || ops === null)
    throw new TypeError(`${where}: ops must be an array or an object of operations, got ${describe(ops)}`);
  if (options !== undefined) {
    checkOptions(options, `${where}: options`, ['signal']);
    if (options.signal !== undefined) checkSignal(options.signal, `${where}: options.signal`);
  }
  const keys = Array.isArray(ops) ? ops.map((_, i) => i) : Object.keys(ops);
  for (const key of keys) {
    const op = (ops as Record<string | number, unknown>)[key];
    if (typeof op !== 'function' && typeof (op as PromiseLike<unknown> | undefined)?.then !== 'function') {
      throw new TypeError(
        `${where}: ops[${JSON.stringify(key)}] must be a promise or a function, got ${describe(op)}`,
      );
    }
  }
  return keys;
}

class Joining extends Waiter {
  private pending: number;
  private settled = false;
  private firstError: { error: unknown } | undefined = undefined;
  private readonly results: unknown[] | Record<string, unknown>;
  private controller: AbortController | undefined = undefined;

  constructor(
    ops: Operations,
    keys: (string | number)[],
    private readonly failFast: boolean,
    signal: AbortSignal | undefined,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    super();
    this.results = Array.isArray(ops) ? new Array(keys.length) : {};
    this.pending = keys.length;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    if (this.pending === 0) {
      resolve(this.results);
      return;
    }
    if (signal !== undefined) watchAbort(this, signal);
    for (const key of keys) this.start(key, (ops as Record<string | number, Operation>)[key]!);
  }

  private start(key: string | number, op: Operation): void {
    let promise: PromiseLike<unknown>;
    if (typeof op === 'function') {
      this.controller ??= new AbortController();
      try {
        promise = Promise.resolve(op(this.controller.signal));
      } catch (error) {
        promise = Promise.reject(error);
      }
    } else {
      promise = op;
    }
    promise.then(
      (value) => {
        (this.results as Record<string | number, unknown>)[key] = value;
        this.done();
      },
      (error: unknown) => {
        this.firstError ??= { error };
        if (this.failFast) this.finish();
        else this.done();
      },
    );
  }

  private done(): void {
    if (--this.pending === 0) this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    unwatchAbort(this);
    if (this.firstError === undefined) {
      this.resolve(this.results);
      return;
    }
    if (this.pending > 0) this.controller?.abort(new CancelledError('Another operation of the join failed'));
    this.reject(this.firstError.error);
  }

  onAbort(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.controller?.abort(reason);
    this.reject(reason);
  }
}
