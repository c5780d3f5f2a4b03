/**
 * `bulkhead`: at most N calls at once, a bounded FIFO queue behind them, and a fast refusal beyond.
 *
 * # Implementation notes
 *
 * A running count and core's intrusive `WaitQueue`. A freed slot is handed straight to the oldest
 * queued caller (the count does not drop in between), so a newcomer can never overtake the queue. A
 * queued caller watches its signal through core's one-listener-per-signal table; on abort it leaves
 * the queue at once, in O(1), freeing its place for the next caller (cockatiel PR #114). The success
 * path allocates nothing but the promise `then` returns.
 */
import { unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core/protocol';
import { knownKeys, nonNegativeInteger, positiveInteger } from './check';
import { BulkheadRejectedError } from './errors';
import { type Context, contextOf, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** Options of {@link bulkhead}. */
export interface BulkheadOptions {
  /** How many callers may wait for a slot; beyond them calls are refused at once. @defaultValue `0` */
  readonly maxQueue?: number;
}

/** A caller waiting for a slot. */
class Queued extends Waiter {
  constructor(
    readonly bulkhead: BulkheadPolicy,
    readonly fn: Operation<unknown>,
    readonly ctx: Context,
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    this.bulkhead.leave(this);
    this.reject(reason);
  }
}

/** A bulkhead policy (Polly's and cockatiel's `bulkhead`, resilience4j's `Bulkhead`). Made by {@link bulkhead}. */
export class BulkheadPolicy implements Policy {
  readonly #max: number;
  readonly #maxQueue: number;
  readonly #queue = new WaitQueue<Queued>();
  #active = 0;

  /** @internal Use {@link bulkhead}. */
  constructor(maxConcurrent: number, options?: BulkheadOptions) {
    this.#max = positiveInteger(maxConcurrent, 'maxConcurrent');
    knownKeys(options, ['maxQueue'], 'bulkhead');
    this.#maxQueue =
      options?.maxQueue === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : nonNegativeInteger(options?.maxQueue ?? 0, 'maxQueue');
  }

  /** Calls running now. */
  get active(): number {
    return this.#active;
  }
  /** Callers waiting for a slot. */
  get queued(): number {
    return this.#queue.size;
  }
  /** Free slots now. */
  get available(): number {
    return this.#max - this.#active;
  }

  /**
   * Runs `fn` at once if a slot is free; otherwise waits in the queue for one (FIFO), or rejects at
   * once with {@link BulkheadRejectedError} if the queue is full. Resolves or rejects as `fn` does.
   *
   * **Cancel safety.** A queued caller whose signal aborts leaves the queue at once (its place goes
   * to the next caller), rejects with `signal.reason`, and `fn` never runs. Once `fn` runs, the signal
   * reaches it through `ctx.signal`; its slot is freed when it settles.
   *
   * @example
   * ```ts
   * import { bulkhead } from '@async/resilience';
   * import assert from 'node:assert/strict';
   *
   * const limit = bulkhead(2, { maxQueue: 10 });
   * let running = 0;
   * let peak = 0;
   * await Promise.all(
   *   Array.from({ length: 8 }, () =>
   *     limit.execute(async () => {
   *       peak = Math.max(peak, ++running);
   *       await new Promise((r) => setImmediate(r));
   *       running--;
   *     }),
   *   ),
   * );
   * assert.equal(peak, 2);
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const ctx = contextOf(options);
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    if (this.#active < this.#max) {
      this.#active++;
      return invoke(fn, ctx).then(this.#releaseOk, this.#releaseFail);
    }
    if (this.#queue.size >= this.#maxQueue)
      return Promise.reject(new BulkheadRejectedError(this.#max, this.#maxQueue));
    return new Promise<T>((resolve, reject) => {
      const queued = new Queued(this, fn, ctx, resolve as (value: unknown) => void, reject);
      this.#queue.push(queued);
      const signal = ctx.waitSignal();
      if (signal !== undefined) watchAbort(queued, signal);
    });
  }

  /** @internal An aborted caller leaves the queue. */
  leave(queued: Queued): void {
    this.#queue.remove(queued);
  }

  readonly #releaseOk = <T>(value: T): T => {
    this.#release();
    return value;
  };

  readonly #releaseFail = (error: unknown): never => {
    this.#release();
    throw error;
  };

  /** Frees a slot, or hands it to the oldest queued caller. */
  #release(): void {
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#active--;
      return;
    }
    unwatchAbort(next);
    next.resolve(invoke(next.fn, next.ctx).then(this.#releaseOk, this.#releaseFail));
  }
}

/**
 * Makes a {@link BulkheadPolicy}: at most `maxConcurrent` calls at once, `maxQueue` more waiting.
 * Bad input throws here, naming the parameter.
 *
 * @example
 * ```ts
 * import { bulkhead } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const limit = bulkhead(4, { maxQueue: 100 });
 * assert.equal(limit.available, 4);
 * assert.throws(() => bulkhead(0), /maxConcurrent must be a positive integer, got 0 \(number\)/);
 * ```
 */
export function bulkhead(maxConcurrent: number, options?: BulkheadOptions): BulkheadPolicy {
  return new BulkheadPolicy(maxConcurrent, options);
}
