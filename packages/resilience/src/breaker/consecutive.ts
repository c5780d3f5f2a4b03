import { positiveInteger } from '../check';
import type { Breaker } from './breaker';

/**
 * Opens the circuit after `threshold` failures in a row; any success resets the count.
 *
 * @example
 * ```ts
 * import { consecutive } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const b = consecutive(2);
 * assert.equal(b.failure(0), false);
 * b.success(0);
 * assert.equal(b.failure(0), false);
 * assert.equal(b.failure(0), true);
 * ```
 */
export function consecutive(threshold: number): Breaker {
  return new ConsecutiveBreaker(positiveInteger(threshold, 'threshold'));
}

class ConsecutiveBreaker implements Breaker {
  private count = 0;
  constructor(private readonly threshold: number) {}
  success(): void {
    this.count = 0;
  }
  failure(): boolean {
    return ++this.count >= this.threshold;
  }
  reset(): void {
    this.count = 0;
  }
}
