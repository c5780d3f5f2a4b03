import { duration, nonNegativeInteger } from '../check';
import type { Backoff } from './backoff';

/**
 * The same delay before every retry, `count` times (forever by default).
 *
 * @example
 * ```ts
 * import { constant } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const it = constant(250, 3).delays();
 * assert.deepEqual([it.next().value, it.next().value, it.next().value, it.next().done], [250, 250, 250, true]);
 * ```
 */
export function constant(delay: number, count = Number.POSITIVE_INFINITY): Backoff {
  duration(delay, 'delay');
  if (count !== Number.POSITIVE_INFINITY) nonNegativeInteger(count, 'count');
  return {
    *delays() {
      for (let i = 0; i < count; i++) yield delay;
    },
  };
}
