/**
 * `supervise`: keep a long-running task alive, restarting it with backoff, within a restart budget.
 */
import { CancelledError } from '@async/core';
import { type Clock, unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';
import { type BackoffLike, toBackoff } from './backoff/backoff';
import { exponential } from './backoff/exponential';
import { duration, knownKeys, nonNegativeInteger, optionalFunction } from './check';
import { clockOf } from './clock';
import { delay } from './delay';
import { SupervisorError } from './errors';

/** When a supervised task is started again. */
export type RestartPolicy = 'on-failure' | 'always';

/** One restart, as recorded in {@link Supervisor.history} and told to `onRestart`. */
export interface RestartEvent {
  /** Which restart this is, from 1. */
  readonly restart: number;
  /** When the run ended, on the supervisor's clock (ms). */
  readonly at: number;
  /** `'failed'` (it threw or rejected) or `'completed'` (it returned, under `restart: 'always'`). */
  readonly outcome: 'failed' | 'completed';
  /** The failure, for `'failed'`. */
  readonly error?: unknown;
  /** The backoff before the restart, in ms. */
  readonly delay: number;
}

/** What a supervised task is given. */
export interface SupervisedRun {
  /** Aborted when the supervisor is stopped. */
  readonly signal: AbortSignal;
  /** How many restarts came before this run (0 for the first). */
  readonly restart: number;
}

/** Options of {@link supervise}. */
export interface SuperviseOptions {
  /** `'on-failure'`: restart after a failure, finish when the task returns. `'always'`: restart after either. @defaultValue `'on-failure'` */
  readonly restart?: RestartPolicy;
  /** The most restarts allowed within `within` ms; one more and the supervisor gives up. @defaultValue `3` */
  readonly maxRestarts?: number;
  /** The window restarts are counted in, in ms (Erlang's restart intensity). @defaultValue `Infinity` (all restarts count) */
  readonly within?: number;
  /** The waits before restarts. @defaultValue `exponential()` (100 ms doubling, full jitter, 30 s cap) */
  readonly backoff?: BackoffLike;
  /** Stops the supervisor: the task's signal aborts, no restart follows. */
  readonly signal?: AbortSignal;
  /** Told of each restart before its backoff. */
  readonly onRestart?: (event: RestartEvent) => void;
  /** The clock of backoffs and the window. @defaultValue `getDefaultClock()` of `@async/core` */
  readonly clock?: Clock;
}

const KEYS = ['restart', 'maxRestarts', 'within', 'backoff', 'signal', 'onRestart', 'clock'];
const noop = (): void => {};

/** Stops the supervisor when the caller's signal aborts. */
class StopWatch extends Waiter {
  constructor(readonly supervisor: Supervisor<unknown>) {
    super();
  }
  onAbort(reason: unknown): void {
    this.supervisor.abort(reason);
  }
}

/**
 * A running supervisor (tokio's supervisor pattern, Erlang's one-for-one with one child): awaitable
 * for its outcome, with its restart history. Made by {@link supervise}.
 *
 * It resolves with the task's value when the task returns under `'on-failure'`; rejects with a
 * {@link SupervisorError} when the restart budget is spent, or with the abort reason once stopped.
 * A stop the program asked for ({@link Supervisor.abort}, the `signal` option) is never an unhandled
 * rejection: whoever awaits sees it, nobody else is told.
 */
export class Supervisor<T> implements PromiseLike<T> {
  readonly #history: RestartEvent[] = [];
  readonly #controller = new AbortController();
  readonly #promise: Promise<T>;
  #watch: StopWatch | undefined = undefined;
  #running = true;

  /** @internal Use {@link supervise}. */
  constructor(
    task: (run: SupervisedRun) => PromiseLike<T> | T,
    readonly options: SuperviseOptions | undefined,
  ) {
    const signal = options?.signal;
    if (signal?.aborted) this.#controller.abort(signal.reason);
    else if (signal !== undefined)
      watchAbort((this.#watch = new StopWatch(this as Supervisor<unknown>)), signal);
    this.#promise = this.#loop(task);
    if (signal?.aborted) this.#promise.catch(noop); // asked-for: never an unhandled rejection
  }

  /** The restarts so far, oldest first. */
  get history(): readonly RestartEvent[] {
    return this.#history;
  }
  /** How many times the task was restarted. */
  get restarts(): number {
    return this.#history.length;
  }
  /** Whether the supervisor still runs (or waits to restart) its task. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Stops the supervisor: the running task's signal aborts with `reason`, a pending backoff ends,
   * no restart follows. The supervisor settles once the task has (it waits for a task that ignores
   * its signal). Harmless when already stopped.
   */
  abort(reason: unknown = new CancelledError('the supervisor was stopped')): void {
    if (this.#controller.signal.aborted) return;
    this.#promise.catch(noop); // asked-for: never an unhandled rejection
    this.#controller.abort(reason);
  }

  // biome-ignore lint/suspicious/noThenProperty: a Supervisor is awaitable, as a JoinHandle is.
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#promise.then(onFulfilled, onRejected);
  }

  /** As `Promise.prototype.catch`. */
  catch<B = never>(onRejected: (reason: unknown) => B | PromiseLike<B>): Promise<T | B> {
    return this.#promise.catch(onRejected);
  }

  async #loop(task: (run: SupervisedRun) => PromiseLike<T> | T): Promise<T> {
    const o = this.options;
    const restart = o?.restart ?? 'on-failure';
    const maxRestarts = o?.maxRestarts ?? 3;
    const within = o?.within ?? Number.POSITIVE_INFINITY;
    const delays = toBackoff(o?.backoff ?? exponential(), 'backoff').delays();
    const clock = clockOf(o?.clock);
    const signal = this.#controller.signal;
    const recent: number[] = [];
    try {
      for (let run = 0; ; run++) {
        if (signal.aborted) throw signal.reason;
        let error: unknown;
        let failed = false;
        try {
          const value = await task({ signal, restart: run });
          if (restart === 'on-failure') return value;
        } catch (e) {
          failed = true;
          error = e;
        }
        if (signal.aborted) throw signal.reason;
        const at = clock.now();
        // At most `maxRestarts` entries: a shift here costs nothing worth a queue.
        while (recent.length > 0 && recent[0]! <= at - within) recent.shift();
        if (recent.length >= maxRestarts) throw new SupervisorError(this.#history.length, error);
        const next = delays.next();
        if (next.done === true) throw new SupervisorError(this.#history.length, error);
        recent.push(at);
        const event: RestartEvent = {
          restart: this.#history.length + 1,
          at,
          outcome: failed ? 'failed' : 'completed',
          ...(failed ? { error } : {}),
          delay: Math.max(0, next.value),
        };
        this.#history.push(event);
        o?.onRestart?.(event);
        await delay(clock, event.delay, signal);
      }
    } finally {
      this.#running = false;
      if (this.#watch !== undefined) unwatchAbort(this.#watch);
    }
  }
}

/**
 * Runs `task`, and runs it again after it fails (or, with `restart: 'always'`, after it returns),
 * waiting a backoff first, until it returns, the supervisor is stopped, or it restarts more than
 * `maxRestarts` times within `within` ms (TK-10). Bad options throw here, naming the option.
 *
 * **Cancel safety.** Stopping (the `signal` option or {@link Supervisor.abort}) aborts the task's
 * signal and any backoff at once, and leaves no listener on the signal.
 *
 * @example
 * ```ts
 * import { supervise } from '@async/resilience';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using _ = TestClock.install({ autoAdvance: true });
 * let starts = 0;
 * const sup = supervise(
 *   async () => {
 *     if (++starts < 3) throw new Error(`crash ${starts}`);
 *     return 'up';
 *   },
 *   { maxRestarts: 5, backoff: [100, 200, 400] },
 * );
 * assert.equal(await sup, 'up');
 * assert.deepEqual(sup.history.map((e) => [e.restart, e.delay, (e.error as Error).message]), [
 *   [1, 100, 'crash 1'],
 *   [2, 200, 'crash 2'],
 * ]);
 * ```
 */
export function supervise<T>(
  task: (run: SupervisedRun) => PromiseLike<T> | T,
  options?: SuperviseOptions,
): Supervisor<T> {
  if (typeof task !== 'function')
    throw new TypeError(`task must be a function, got ${String(task)} (${typeof task})`);
  knownKeys(options, KEYS, 'supervise');
  const restart = options?.restart ?? 'on-failure';
  if (restart !== 'on-failure' && restart !== 'always') {
    throw new TypeError(`restart must be 'on-failure' or 'always', got ${JSON.stringify(restart)}`);
  }
  if (options?.maxRestarts !== Number.POSITIVE_INFINITY)
    nonNegativeInteger(options?.maxRestarts ?? 3, 'maxRestarts');
  duration(options?.within ?? Number.POSITIVE_INFINITY, 'within', true);
  if (options?.within === 0)
    throw new RangeError('within must be a positive number of milliseconds, got 0 (number)');
  if (options?.backoff !== undefined) toBackoff(options.backoff, 'backoff');
  optionalFunction(options?.onRestart, 'onRestart');
  return new Supervisor(task, options);
}
