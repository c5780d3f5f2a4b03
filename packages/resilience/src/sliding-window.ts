/**
 * `slidingWindow`: at most `limit` grants in any window of `window` ms.
 */
import type { Clock } from '@async/core/protocol';
import { knownKeys, positiveDuration, positiveInteger } from './check';
import { QueuedLimiter } from './rate-limiter';

/** Options of {@link slidingWindow}. */
export interface SlidingWindowOptions {
  /** Grants allowed in any window. */
  readonly limit: number;
  /** The window's length, in ms. */
  readonly window: number;
  /** The clock windows are measured on. @defaultValue `getDefaultClock()` of `@async/core` */
  readonly clock?: Clock;
}

/**
 * An exact sliding-window log: at most `limit` tokens are granted in any `window` ms, with no
 * burst at a window's edge (as a fixed window allows). Made by {@link slidingWindow}.
 *
 * # Implementation notes
 *
 * A ring of the last `limit` grant times, oldest first. `n` tokens can be granted at `now` when the
 * `n`-th oldest of them left the window: then at most `limit - n` of the kept grants are inside it,
 * and every older grant is older still. O(n) per grant, `limit` numbers of memory.
 */
export class SlidingWindow extends QueuedLimiter {
  readonly #times: Float64Array;
  readonly #window: number;
  /** Index of the oldest kept grant. */
  #oldest = 0;

  /** @internal Use {@link slidingWindow}. */
  constructor(options: SlidingWindowOptions) {
    knownKeys(options, ['limit', 'window', 'clock'], 'slidingWindow');
    if (options === undefined) throw new TypeError('slidingWindow needs options { limit, window }');
    const limit = positiveInteger(options.limit, 'limit');
    super(limit, options.clock);
    this.#window = positiveDuration(options.window, 'window');
    this.#times = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
  }

  protected take(n: number, now: number): boolean {
    const times = this.#times;
    const limit = times.length;
    if (times[(this.#oldest + n - 1) % limit]! > now - this.#window) return false;
    for (let i = 0; i < n; i++) {
      times[this.#oldest] = now;
      this.#oldest = (this.#oldest + 1) % limit;
    }
    return true;
  }

  protected wait(n: number, now: number): number {
    const limit = this.#times.length;
    // Beyond one ring of grants the answer is an estimate: whole windows more for each ring.
    const rounds = Math.floor((n - 1) / limit);
    const at = this.#times[(this.#oldest + ((n - 1) % limit)) % limit]! + this.#window * (rounds + 1);
    return Math.max(0, at - now);
  }
}

/**
 * Makes a {@link SlidingWindow} limiter. Bad options throw here, naming the option.
 *
 * @example
 * ```ts
 * import { slidingWindow } from '@async/resilience';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const limiter = slidingWindow({ limit: 3, window: 1000 });
 * assert.deepEqual([1, 2, 3, 4].map(() => limiter.tryAcquire()), [true, true, true, false]);
 * await clock.advance(999);
 * assert.equal(limiter.tryAcquire(), false);
 * await clock.advance(1);
 * assert.equal(limiter.tryAcquire(), true);
 * assert.throws(() => slidingWindow({ limit: 3, window: 0 }), /window must be a positive, finite number of milliseconds, got 0/);
 * ```
 */
export function slidingWindow(options: SlidingWindowOptions): SlidingWindow {
  return new SlidingWindow(options);
}
