// Delivery latencies as a compact histogram: a run records hundreds of thousands of them, so instead
// of keeping each sample it counts them in logarithmic buckets 1 % wide (about 2,000 buckets cover
// 1 µs to an hour). A percentile is then at most 1 % above the exact one, and never outside the
// smallest and largest samples, which are kept exactly (so a single sample is reported as it is).

/** Relative width of a bucket: a percentile is reported within this fraction of the true sample. */
const PRECISION = 0.01;
const LOG_BASE = Math.log1p(PRECISION);
/** The smallest distinguished latency, in milliseconds (1 µs); anything below shares bucket 0. */
const UNIT_MS = 0.001;

export class LatencyHistogram {
  private readonly buckets: number[] = [];
  private total = 0;
  private sum = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  /** Records one latency in milliseconds, a finite number (a negative one, from clocks apart, counts as 0). */
  record(ms: number): void {
    const value = Math.max(ms, 0);
    const index = value <= UNIT_MS ? 0 : Math.ceil(Math.log(value / UNIT_MS) / LOG_BASE);
    const buckets = this.buckets;
    while (buckets.length <= index) buckets.push(0);
    buckets[index]!++;
    this.total++;
    this.sum += value;
    if (value < this.low) this.low = value;
    if (value > this.high) this.high = value;
  }

  /** Adds another histogram's samples to this one. */
  merge(other: LatencyHistogram): void {
    other.buckets.forEach((count, i) => {
      while (this.buckets.length <= i) this.buckets.push(0);
      this.buckets[i]! += count;
    });
    this.total += other.total;
    this.sum += other.sum;
    this.low = Math.min(this.low, other.low);
    this.high = Math.max(this.high, other.high);
  }

  get count(): number {
    return this.total;
  }

  /** The mean latency in ms, `undefined` without samples. */
  get mean(): number | undefined {
    return this.total === 0 ? undefined : this.sum / this.total;
  }

  get min(): number | undefined {
    return this.total === 0 ? undefined : this.low;
  }

  get max(): number | undefined {
    return this.total === 0 ? undefined : this.high;
  }

  /**
   * The latency that a fraction `q` (0 < q ≤ 1) of the samples do not exceed, in ms, within 1 %;
   * `undefined` without samples. Throws a RangeError for a `q` outside (0, 1].
   */
  percentile(q: number): number | undefined {
    if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1], got ${q}`);
    if (this.total === 0) return undefined;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) {
        const upper = i === 0 ? UNIT_MS : UNIT_MS * Math.exp(i * LOG_BASE);
        return Math.min(Math.max(upper, this.low), this.high);
      }
    }
    return this.high;
  }
}
