/**
 * `select`: wait for the first of several operations, as tokio's `select!`.
 *
 * # Implementation notes
 *
 * A first, synchronous pass tries every selectable branch (in rotated or declared order) and returns
 * the first that is ready: then nothing is registered and no function branch is started. Otherwise
 * the select registers with every selectable, subscribes to every promise and starts every function,
 * and the first to complete wins. The losers are unregistered (a selectable consumed nothing), their
 * functions aborted, and their promises left to run (a promise cannot be cancelled; its later
 * rejection is handled, never reported as unhandled). A promise branch is waited on through its
 * shared `Settlement` (one reaction per promise, whatever the number of selects), so a loop that races
 * one long-lived promise on every turn keeps nothing per turn.
 */
import { unwatchAbort, watchAbort } from './abort-watch';
import { CancelledError } from './errors';
import { type Selectable, selectTry, selectWait } from './selectable';
import { Settlement } from './settlement';
import { checkBoolean, checkOptions, checkSignal, describe } from './validate';
import { Waiter } from './wait-queue';

/** A branch `select` can race: a selectable (cancel-safe), a started promise, or a function it starts. */
export type Branch<T = unknown> =
  | Selectable<T>
  | PromiseLike<T>
  | ((signal: AbortSignal) => T | PromiseLike<T>);

/** A branch set to one of these is disabled (the `if` guard of `select!`). */
export type Disabled = undefined | null | false;

/** The branches of a `select`, by key. */
export type Branches = { readonly [key: string]: Branch | Disabled };

/** The value a branch completes with. */
export type BranchValue<B> =
  B extends Selectable<infer T>
    ? T
    : B extends PromiseLike<infer T>
      ? T
      : B extends (signal: AbortSignal) => infer R
        ? Awaited<R>
        : never;

/**
 * The result of `select(branches)`: `{ key, value }` for the branch that won, typed per key, or
 * `undefined` when every branch may be disabled (the `else` of `select!`).
 */
export type SelectResult<B extends Branches> =
  | {
      [K in keyof B & string]: [Exclude<B[K], Disabled>] extends [never]
        ? never
        : { readonly key: K; readonly value: BranchValue<Exclude<B[K], Disabled>> };
    }[keyof B & string]
  | ('always' extends {
      [K in keyof B]: [Extract<B[K], Disabled>] extends [never] ? 'always' : 'maybe';
    }[keyof B]
      ? never
      : undefined);

/** Options for {@link select}. */
export interface SelectOptions {
  /**
   * Try branches in declaration order, so the first ready one always wins (`biased;` in tokio).
   * Otherwise the starting branch rotates from one call to the next, so no ready branch starves.
   * @defaultValue `false`
   */
  readonly biased?: boolean;
  /** Stops the select, rejecting with the signal's reason; every branch is treated as a loser. */
  readonly signal?: AbortSignal;
}

let rotation = 0;
const resolved = /* @__PURE__ */ Promise.resolve();

const SELECTABLE = 1;
const THENABLE = 2;
const FUNCTION = 3;

function kindOf(key: string, branch: unknown): number {
  if (branch === undefined || branch === null || branch === false) return 0;
  if (typeof branch === 'function') return FUNCTION;
  if (typeof branch === 'object') {
    if (typeof (branch as Selectable<unknown>)[selectTry] === 'function') return SELECTABLE;
    if (typeof (branch as PromiseLike<unknown>).then === 'function') return THENABLE;
  }
  throw new TypeError(
    `select: branch '${key}' must be a selectable, a promise, a function or disabled (undefined, null, false), got ${describe(branch)}`,
  );
}

function checkSelect(branches: unknown, options: SelectOptions | undefined): void {
  if (typeof branches !== 'object' || branches === null || Array.isArray(branches)) {
    throw new TypeError(`select: branches must be an object of branches by key, got ${describe(branches)}`);
  }
  if (options === undefined) return;
  checkOptions(options, 'select: options', ['biased', 'signal']);
  if (options.biased !== undefined) checkBoolean(options.biased, 'select: options.biased');
  if (options.signal !== undefined) checkSignal(options.signal, 'select: options.signal');
}

/**
 * Waits for the first of several branches to complete and resolves with `{ key, value }` for it.
 *
 * Each branch is one of:
 * - a **selectable** (channel receivers, `sleep`, `CancellationToken`, `Notify`…): cancel-safe, a
 *   losing branch consumes nothing;
 * - an already-started **promise**: raced, not cancelled; keep it across loop iterations to avoid
 *   losing its result (the "cancellation safety" pattern);
 * - a **function** `(signal) => promise`: started by `select` (only if no selectable is ready at
 *   once), and aborted when it loses;
 * - `undefined`, `null` or `false`: disabled. With every branch disabled it resolves `undefined`.
 *
 * A branch that rejects (or whose selectable throws) makes `select` reject with that error.
 * Ready selectables are found by a synchronous first pass, so they win over promises and functions,
 * which can only complete later, even when `biased` lists those first.
 *
 * **Cancel safety:** aborting `options.signal` rejects with its reason and consumes nothing from any
 * selectable branch.
 *
 * Throws a `TypeError` at the call if `branches` is not an object, a branch is none of the above, or
 * an option is unknown or of the wrong type.
 *
 * @example
 * ```ts
 * import { CancellationToken, select } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const shutdown = new CancellationToken();
 * const work = new Promise<string>((resolve) => setTimeout(resolve, 10, 'done'));
 * const first = await select({ shutdown, work });
 * assert.deepEqual(first, { key: 'work', value: 'done' });
 *
 * shutdown.cancel();
 * const next = await select({ shutdown, never: new Promise<string>(() => {}) });
 * assert.equal(next.key, 'shutdown');
 * ```
 */
export function select<const B extends Branches>(
  branches: B,
  options?: SelectOptions,
): Promise<SelectResult<B>> {
  checkSelect(branches, options);
  const keys = Object.keys(branches);
  const n = keys.length;
  const kinds = new Array<number>(n);
  let enabled = 0;
  for (let i = 0; i < n; i++) {
    const kind = kindOf(keys[i]!, branches[keys[i]!]);
    kinds[i] = kind;
    if (kind !== 0) enabled++;
  }
  if (enabled === 0) return Promise.resolve(undefined as SelectResult<B>);
  const signal = options?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const start = options?.biased === true ? 0 : rotation++ % n;
  for (let j = 0; j < n; j++) {
    const i = (start + j) % n;
    if (kinds[i] !== SELECTABLE) continue;
    const key = keys[i]!;
    let ready: { value: unknown } | undefined;
    try {
      ready = (branches[key] as Selectable<unknown>)[selectTry]();
    } catch (error) {
      return Promise.reject(error);
    }
    if (ready !== undefined) return Promise.resolve({ key, value: ready.value } as SelectResult<B>);
  }
  return new Promise<SelectResult<B>>((resolve, reject) => {
    new PendingSelect(branches, keys, kinds, start, signal, resolve as (r: unknown) => void, reject);
  });
}

/** The state of a select that had to wait. */
class PendingSelect extends Waiter {
  private done = false;
  private readonly unregister: ((() => void) | undefined)[];
  private controllers: (AbortController | undefined)[] | undefined = undefined;

  constructor(
    branches: Branches,
    private readonly keys: string[],
    kinds: number[],
    start: number,
    signal: AbortSignal | undefined,
    private readonly resolve: (result: unknown) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    super();
    const n = keys.length;
    this.unregister = new Array(n);
    if (signal !== undefined) watchAbort(this, signal);
    for (let j = 0; j < n && !this.done; j++) {
      const i = (start + j) % n;
      const kind = kinds[i];
      const branch = branches[keys[i]!];
      if (kind === SELECTABLE) this.register(i, branch as Selectable<unknown>);
      else if (kind === THENABLE) this.raceShared(i, branch as PromiseLike<unknown>);
      else if (kind === FUNCTION) this.startFunction(i, branch as (signal: AbortSignal) => unknown);
    }
  }

  private register(i: number, selectable: Selectable<unknown>): void {
    const wake = (): void => {
      if (this.done) return;
      let ready: { value: unknown } | undefined;
      try {
        ready = selectable[selectTry]();
      } catch (error) {
        this.fail(error);
        return;
      }
      if (ready !== undefined) this.win(i, ready.value);
      else this.unregister[i] = selectable[selectWait](wake);
    };
    this.unregister[i] = selectable[selectWait](wake);
  }

  /**
   * A promise given as a branch may be raced again and again (kept across loop iterations): it is
   * waited on through its shared {@link Settlement}, so a losing select leaves nothing on it. One that
   * has already settled completes in a later microtask, as a reaction on it would.
   */
  private raceShared(i: number, promise: PromiseLike<unknown>): void {
    const settlement = Settlement.of(promise);
    if (settlement.isSettled) resolved.then(() => this.register(i, settlement));
    else this.register(i, settlement);
  }

  /** A promise this select started, which nobody else waits on: one reaction is all it needs. */
  private race(i: number, promise: PromiseLike<unknown>): void {
    promise.then(
      (value) => this.win(i, value),
      (error: unknown) => this.fail(error),
    );
  }

  private startFunction(i: number, fn: (signal: AbortSignal) => unknown): void {
    const controller = new AbortController();
    (this.controllers ??= new Array(this.keys.length))[i] = controller;
    let result: unknown;
    try {
      result = fn(controller.signal);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.race(i, Promise.resolve(result));
  }

  private win(i: number, value: unknown): void {
    if (this.done) return;
    this.cleanUp(i);
    this.resolve({ key: this.keys[i], value });
  }

  private fail(error: unknown): void {
    if (this.done) return;
    this.cleanUp(-1);
    this.reject(error);
  }

  /** The outer signal aborted. */
  onAbort(reason: unknown): void {
    this.fail(reason);
  }

  private cleanUp(winner: number): void {
    this.done = true;
    unwatchAbort(this);
    for (let i = 0; i < this.keys.length; i++) {
      this.unregister[i]?.();
      if (i !== winner) this.controllers?.[i]?.abort(new CancelledError('The branch lost the select'));
    }
  }
}
