/**
 * `tokenBucket`: a burst of `capacity`, refilled at a steady rate.
 */
import type { Clock } from '@async/core/protocol';
import { knownKeys, positiveDuration, positiveInteger, positiveNumber } from './check';
import { clockOf } from './clock';
import { QueuedLimiter } from './rate-limiter';

/** Options of {@link tokenBucket}. */
export interface TokenBucketOptions {
  /** The most tokens the bucket holds: the largest burst. */
  readonly capacity: number;
  /** Tokens added every `interval` (continuously: a fraction of a token accrues in between). */
  readonly refill: number;
  /** The refill period, in ms. @defaultValue `1000` */
  readonly interval?: number;
  /** Tokens in the bucket at the start. @defaultValue `capacity` */
  readonly initial?: number;
  /** The clock the refill is measured on. @defaultValue `getDefaultClock()` of `@async/core` */
  readonly clock?: Clock;
}

/**
 * A token bucket: callers take tokens, which come back at `refill` per `interval` up to `capacity`.
 * Over any span of t ms, at most `capacity + refill · t / interval` tokens are granted. Made by
 * {@link tokenBucket}.
 */
export class TokenBucket extends QueuedLimiter {
  readonly #capacity: number;
  /** Tokens per ms. */
  readonly #rate: number;
  #tokens: number;
  #last: number;

  /** @internal Use {@link tokenBucket}. */
  constructor(options: TokenBucketOptions) {
    knownKeys(options, ['capacity', 'refill', 'interval', 'initial', 'clock'], 'tokenBucket');
    if (options === undefined) throw new TypeError('tokenBucket needs options { capacity, refill }');
    const capacity = positiveInteger(options.capacity, 'capacity');
    super(capacity, options.clock);
    this.#capacity = capacity;
    this.#rate =
      positiveNumber(options.refill, 'refill') / positiveDuration(options.interval ?? 1000, 'interval');
    const initial = options.initial ?? capacity;
    if (typeof initial !== 'number' || !(initial >= 0 && initial <= capacity)) {
      throw new RangeError(
        `initial must be a number from 0 to capacity (${capacity}), got ${String(initial)}`,
      );
    }
    this.#tokens = initial;
    this.#last = clockOf(options.clock).now();
  }

  /** Tokens in the bucket now (fractional while refilling). */
  get tokens(): number {
    const now = clockOf(this.clockOption).now();
    return Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#rate);
  }

  protected take(n: number, now: number): boolean {
    let tokens = this.#tokens + (now - this.#last) * this.#rate;
    if (tokens > this.#capacity) tokens = this.#capacity;
    this.#last = now;
    if (tokens < n) {
      this.#tokens = tokens;
      return false;
    }
    this.#tokens = tokens - n;
    return true;
  }

  protected wait(n: number, now: number): number {
    const tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#rate);
    return n <= tokens ? 0 : (n - tokens) / this.#rate;
  }
}

/**
 * Makes a {@link TokenBucket}. Bad options throw here, naming the option.
 *
 * @example
 * ```ts
 * import { tokenBucket } from '@async/resilience';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const limiter = tokenBucket({ capacity: 10, refill: 5, interval: 1000 }); // bursts of 10, 5 per second
 * let admitted = 0;
 * for (let i = 0; i < 100; i++) if (limiter.tryAcquire()) admitted++;
 * assert.equal(admitted, 10);
 * await clock.advance(1000);
 * assert.equal(limiter.waitTime(5), 0);
 * assert.throws(() => tokenBucket({ capacity: 10, refill: -1 }), /refill must be a positive, finite number, got -1/);
 * ```
 */
export function tokenBucket(options: TokenBucketOptions): TokenBucket {
  return new TokenBucket(options);
}
