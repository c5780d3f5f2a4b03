/**
 * `OnceCell<T>`: a value set once, possibly by an async initialiser (tokio's `sync::OnceCell`).
 */
import { abortPending, unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core/protocol';
import { SetError } from './errors';
import type { WaitOptions } from './mutex';
import { pending } from './pending';

/** An initialiser: receives the caller's signal, if any, to stop early when the caller gives up. */
export type Initializer<T> = (signal: AbortSignal | undefined) => T | PromiseLike<T>;

class InitWaiter<T> extends Waiter {
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
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
   * `signal.reason` if the caller's signal aborts.
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
    if (this.#set) return Promise.resolve(this.#value as T);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const waiter = new InitWaiter(this, init, signal);
    const promise = pending<T>(waiter);
    if (signal !== undefined) watchAbort(waiter, signal);
    if (this.#running === undefined) this.#run(waiter);
    else this.#queue.push(waiter);
    return promise;
  }

  #run(waiter: InitWaiter<T>): void {
    this.#running = waiter;
    let result: T | PromiseLike<T>;
    try {
      result = waiter.init(waiter.abortSignal);
    } catch (e) {
      this.#failed(waiter, e);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        if (this.#running !== waiter) return;
        unwatchAbort(waiter);
        this.#store(value);
        waiter.resolve(value);
      },
      (e: unknown) => this.#failed(waiter, e),
    );
  }

  #store(value: T): void {
    this.#set = true;
    this.#value = value;
    this.#running = undefined;
    const queue = this.#queue;
    for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
      if (abortPending(w)) continue; // aborting right now: its `onAbort` rejects it
      unwatchAbort(w);
      w.resolve(value);
    }
  }

  #failed(waiter: InitWaiter<T>, e: unknown): void {
    if (this.#running !== waiter) return;
    unwatchAbort(waiter);
    this.#next();
    waiter.reject(e);
  }

  /** Hands the initialisation to the oldest waiting caller, if any. */
  #next(): void {
    this.#running = undefined;
    const next = this.#queue.shift();
    if (next !== undefined) this.#run(next);
  }

  /** @internal A caller gives up (its signal aborted). */
  abandon(waiter: InitWaiter<T>): void {
    if (this.#running === waiter) this.#next();
    else this.#queue.remove(waiter);
  }
}
