/**
 * `OnceCell<T>`: a value set once, possibly by an async initialiser (tokio's `sync::OnceCell`).
 */
import type { WaitOptions } from '@async/core';
import {
  abortPending,
  checkFunction,
  PromiseWaiter,
  unwatchAbort,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { SetError } from './errors';
import { isAborted } from './validate';
import { whenSettled } from './when-settled';

/** An initialiser: receives the caller's signal, if any, to stop early when the caller gives up. */
export type Initializer<T> = (signal: AbortSignal | undefined) => T | PromiseLike<T>;

class InitWaiter<T> extends PromiseWaiter<T> {
  readonly cell: OnceCell<T>;
  readonly init: Initializer<T>;
  readonly abortSignal: AbortSignal | undefined;
  constructor(cell: OnceCell<T>, init: Initializer<T>, signal: AbortSignal | undefined) {
    super();
    this.cell = cell;
    this.init = init;
    this.abortSignal = signal;
  }
  onAbort(reason: unknown): void {
    this.cell.abandon(this);
    this.reject(reason);
  }
}

/**
 * A cell written at most once. `getOrInit(fn)` runs **one** initialiser at a time: concurrent callers
 * wait for it and share its value; if it throws, rejects or its caller aborts, the next waiting caller
 * runs its own initialiser. Use it for lazy async set-up (a connection, a config file) shared by many
 * tasks.
 *
 * @example
 * ```ts
 * import { OnceCell } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const config = new OnceCell<{ port: number }>();
 * let loads = 0;
 * const load = async () => {
 *   loads++;
 *   await Promise.resolve();
 *   return { port: 8080 };
 * };
 * const [a, b] = await Promise.all([config.getOrInit(load), config.getOrInit(load)]);
 * assert.equal(a, b);
 * assert.equal(loads, 1);
 * assert.equal(config.get()?.port, 8080);
 * ```
 */
export class OnceCell<T> {
  #set = false;
  #value: T | undefined = undefined;
  #running: InitWaiter<T> | undefined = undefined;
  /** Whether {@link OnceCell.#runNext} is on the stack. */
  #starting = false;
  readonly #queue = new WaitQueue<InitWaiter<T>>();

  /** A cell that is empty, or holds `value` if one is given. */
  constructor(...value: [] | [T]) {
    if (value.length === 1) {
      this.#set = true;
      this.#value = value[0];
    }
  }

  /** The value, or `undefined` while the cell is empty or initialising. */
  get(): T | undefined {
    return this.#value;
  }

  /** Whether the cell holds a value. */
  get initialized(): boolean {
    return this.#set;
  }

  /**
   * Stores `value` in an empty cell. Throws {@link SetError} (with the value) if the cell already holds
   * one (`reason: 'initialized'`) or an initialiser is running (`reason: 'initializing'`).
   *
   * @example
   * ```ts
   * import { OnceCell, SetError } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const cell = new OnceCell<string>();
   * const pendingInit = cell.getOrInit(() => new Promise<string>(() => {}));
   * assert.throws(() => cell.set('x'), (e) => SetError.is(e) && e.reason === 'initializing');
   * void pendingInit;
   * ```
   */
  set(value: T): void {
    if (this.#set) throw new SetError('initialized', value);
    if (this.#running !== undefined) throw new SetError('initializing', value);
    this.#store(value);
  }

  /**
   * The value, initialising it with `init` if the cell is empty. While another initialiser runs, waits
   * for it; if that one fails (throws, rejects, or its caller aborts), the oldest waiting caller runs
   * its own `init`. Rejects with `init`'s error for the caller whose `init` failed, and with
   * `signal.reason` if the caller's signal aborts. Throws `TypeError` at the call if `init` is not a
   * function.
   *
   * **Cancel safety:** aborting a waiting call loses its place; aborting the call whose `init` runs
   * abandons that run (`init` receives the signal to stop; a value it produces later is ignored) and
   * lets the next caller try.
   *
   * @example
   * ```ts
   * import { OnceCell } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const cell = new OnceCell<number>();
   * await assert.rejects(cell.getOrInit(async () => { throw new Error('down'); }), /down/);
   * assert.equal(await cell.getOrInit(async () => 42), 42); // a failed init lets the next caller try
   * ```
   */
  getOrInit(init: Initializer<T>, options?: WaitOptions): Promise<T> {
    checkFunction(init, 'init');
    if (this.#set) return Promise.resolve(this.#value as T);
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    const waiter = new InitWaiter(this, init, signal);
    const promise = waiter.promise();
    if (signal !== undefined) watchAbort(waiter, signal);
    this.#queue.push(waiter);
    this.#runNext();
    return promise;
  }

  /**
   * Starts the initialiser of the oldest waiting caller, unless one runs. A loop, not a recursion: an
   * initialiser that throws at once hands over to the next caller here, however many are queued; and
   * this is re-entrant (an initialiser may call `getOrInit` on the same cell), the outer loop going on.
   */
  #runNext(): void {
    if (this.#starting) return;
    this.#starting = true;
    try {
      const queue = this.#queue;
      while (this.#running === undefined && !this.#set) {
        const waiter = queue.shift();
        if (waiter === undefined) break;
        // Its signal is aborting now, its `onAbort` still to come: it is leaving, and its init must not run.
        if (abortPending(waiter)) continue;
        this.#start(waiter);
      }
    } finally {
      this.#starting = false;
    }
  }

  /** Runs `waiter`'s initialiser; if it throws at once, the caller is rejected and nothing runs. */
  #start(waiter: InitWaiter<T>): void {
    this.#running = waiter;
    let result: T | PromiseLike<T>;
    try {
      result = waiter.init(waiter.abortSignal);
    } catch (e) {
      this.#running = undefined;
      unwatchAbort(waiter);
      waiter.reject(e);
      return;
    }
    whenSettled(
      result,
      (value) => {
        if (this.#running !== waiter) return;
        unwatchAbort(waiter);
        this.#store(value);
        waiter.resolve(value);
      },
      (e: unknown) => {
        if (this.#running !== waiter) return;
        this.#running = undefined;
        unwatchAbort(waiter);
        waiter.reject(e);
        this.#runNext();
      },
    );
  }

  #store(value: T): void {
    this.#set = true;
    this.#value = value;
    this.#running = undefined;
    const queue = this.#queue;
    for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
      if (abortPending(w)) continue; // its `onAbort`, still to come, rejects it
      unwatchAbort(w);
      w.resolve(value);
    }
  }

  /** @internal A caller gives up (its signal aborted). */
  abandon(waiter: InitWaiter<T>): void {
    if (this.#running === waiter) {
      this.#running = undefined;
      this.#runNext();
    } else {
      this.#queue.remove(waiter);
    }
  }
}
