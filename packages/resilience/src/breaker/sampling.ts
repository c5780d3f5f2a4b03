import { knownKeys, nonNegativeInteger, positiveDuration, positiveInteger, ratio } from '../check';
import type { Breaker } from './breaker';

/** Options of {@link sampling}. */
export interface SamplingOptions {
  /** The failure rate, in (0, 1], at or above which the circuit opens. */
  readonly threshold: number;
  /** The rolling window the rate is measured over, in ms. */
  readonly duration: number;
  /** Fewer calls than this in the window never open the circuit. @defaultValue `20` */
  readonly minimumThroughput?: number;
  /** How many slices the window is kept in (its resolution). @defaultValue `10` */
  readonly buckets?: number;
}

/**
 * Opens the circuit when the failure rate over a rolling window of `duration` ms reaches
 * `threshold`, once the window holds at least `minimumThroughput` calls (resilience4j's
 * time-based sliding window, Polly's advanced circuit breaker).
 *
 * # Implementation notes
 *
 * The window is a ring of `buckets` counters, each covering `duration / buckets` ms and stamped with
 * the slice it counts; a stale bucket is cleared when its slot comes round again. Recording is O(1),
 * and the rate is summed over the ring only when a failure might open the circuit.
 *
 * @example
 * ```ts
 * import { sampling } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const b = sampling({ threshold: 0.5, duration: 10_000, minimumThroughput: 4 });
 * b.success(0);
 * b.success(1000);
 * assert.equal(b.failure(2000), false); // 1 of 3: too few calls yet
 * assert.equal(b.failure(3000), true); // 2 of 4 failed
 * assert.equal(b.failure(30_000), false); // the window moved on
 * ```
 */
export function sampling(options: SamplingOptions): Breaker {
  knownKeys(options, ['threshold', 'duration', 'minimumThroughput', 'buckets'], 'sampling');
  if (options === undefined) throw new TypeError('sampling needs options { threshold, duration }');
  const threshold = ratio(options.threshold, 'threshold', true);
  const duration = positiveDuration(options.duration, 'duration');
  const minimumThroughput = nonNegativeInteger(options.minimumThroughput ?? 20, 'minimumThroughput');
  const buckets = positiveInteger(options.buckets ?? 10, 'buckets');
  return new SamplingBreaker(threshold, duration / buckets, buckets, minimumThroughput);
}

class SamplingBreaker implements Breaker {
  readonly usesTime = true;
  private readonly slice: Float64Array;
  private readonly successes: Float64Array;
  private readonly failures: Float64Array;
  constructor(
    private readonly threshold: number,
    private readonly width: number,
    private readonly n: number,
    private readonly minimumThroughput: number,
  ) {
    this.slice = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.successes = new Float64Array(n);
    this.failures = new Float64Array(n);
  }
  private bucket(now: number): number {
    const slice = Math.floor(now / this.width);
    const i = ((slice % this.n) + this.n) % this.n;
    if (this.slice[i] !== slice) {
      this.slice[i] = slice;
      this.successes[i] = 0;
      this.failures[i] = 0;
    }
    return i;
  }
  success(now: number): void {
    this.successes[this.bucket(now)]!++;
  }
  failure(now: number): boolean {
    this.failures[this.bucket(now)]!++;
    const oldest = Math.floor(now / this.width) - this.n;
    let failed = 0;
    let total = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.slice[i]! <= oldest) continue;
      failed += this.failures[i]!;
      total += this.failures[i]! + this.successes[i]!;
    }
    return total >= this.minimumThroughput && total > 0 && failed / total >= this.threshold;
  }
  reset(): void {
    this.slice.fill(Number.NEGATIVE_INFINITY);
  }
}
