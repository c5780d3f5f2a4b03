import { duration, knownKeys, positiveNumber } from '../check';
import type { Backoff, Random } from './backoff';

/**
 * How an exponential backoff randomises its delays, so that many clients failing together do not
 * retry together (the names of AWS's "Exponential Backoff and Jitter"):
 * - `'none'`: exactly `initial · factor^n`, capped at `max`;
 * - `'full'`: uniform in [0, that];
 * - `'equal'`: half of it, plus uniform in [0, half];
 * - `'decorrelated'`: uniform in [`initial`, 3 × the previous delay], capped at `max`.
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

/** Options of {@link exponential}. */
export interface ExponentialOptions {
  /** The first delay, in ms (before jitter). @defaultValue `100` */
  readonly initial?: number;
  /** How much each delay grows. @defaultValue `2` */
  readonly factor?: number;
  /** The longest delay, in ms. @defaultValue `30_000` */
  readonly max?: number;
  /** How delays are randomised. @defaultValue `'full'` */
  readonly jitter?: Jitter;
  /** The random source for jitter; pass a seeded one for reproducible schedules. @defaultValue `Math.random` */
  readonly random?: Random;
}

const JITTERS: readonly string[] = ['none', 'full', 'equal', 'decorrelated'];

/**
 * Delays that grow geometrically: `initial`, `initial · factor`, `initial · factor²`, … up to `max`,
 * randomised by `jitter`. The sequence never ends: bound it with `maxAttempts`.
 *
 * @example
 * ```ts
 * import { exponential } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const it = exponential({ initial: 100, max: 1000, jitter: 'none' }).delays();
 * const first = Array.from({ length: 6 }, () => it.next().value);
 * assert.deepEqual(first, [100, 200, 400, 800, 1000, 1000]);
 * ```
 */
export function exponential(options?: ExponentialOptions): Backoff {
  knownKeys(options, ['initial', 'factor', 'max', 'jitter', 'random'], 'exponential');
  const initial = duration(options?.initial ?? 100, 'initial');
  const factor = positiveNumber(options?.factor ?? 2, 'factor');
  const max = duration(options?.max ?? 30_000, 'max', true);
  const jitter = options?.jitter ?? 'full';
  if (!JITTERS.includes(jitter)) {
    throw new TypeError(`jitter must be one of ${JITTERS.join(', ')}, got ${JSON.stringify(jitter)}`);
  }
  const random = options?.random ?? Math.random;
  if (typeof random !== 'function') throw new TypeError(`random must be a function, got ${String(random)}`);
  return {
    *delays() {
      let base = initial;
      let previous = initial;
      for (;;) {
        const d = Math.min(base, max);
        switch (jitter) {
          case 'none':
            yield d;
            break;
          case 'full':
            yield random() * d;
            break;
          case 'equal':
            yield d / 2 + (random() * d) / 2;
            break;
          case 'decorrelated':
            previous = Math.min(max, initial + random() * (previous * 3 - initial));
            yield previous;
            break;
        }
        base *= factor;
      }
    },
  };
}
