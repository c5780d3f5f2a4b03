/**
 * `pipe(source, op1, op2, …)`: applies each function to the result of the previous one, left to right.
 * Types flow through every step, so `pipe(xs, map(f), filter(p), collect())` infers its result.
 *
 * @example
 * ```ts
 * import { collect, filter, map, pipe, take } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const out = await pipe([1, 2, 3, 4, 5, 6], map((x) => x * x), filter((x) => x % 2 === 0), take(2), collect());
 * assert.deepEqual(out, [4, 16]);
 * ```
 */
export function pipe<A>(source: A): A;
export function pipe<A, B>(source: A, f1: (x: A) => B): B;
export function pipe<A, B, C>(source: A, f1: (x: A) => B, f2: (x: B) => C): C;
export function pipe<A, B, C, D>(source: A, f1: (x: A) => B, f2: (x: B) => C, f3: (x: C) => D): D;
export function pipe<A, B, C, D, E>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
): E;
export function pipe<A, B, C, D, E, F>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
): F;
export function pipe<A, B, C, D, E, F, G>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
): G;
export function pipe<A, B, C, D, E, F, G, H>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
): H;
export function pipe<A, B, C, D, E, F, G, H, I>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
  f8: (x: H) => I,
): I;
export function pipe<A, B, C, D, E, F, G, H, I, J>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
  f8: (x: H) => I,
  f9: (x: I) => J,
): J;
export function pipe<A, B, C, D, E, F, G, H, I, J, K>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
  f8: (x: H) => I,
  f9: (x: I) => J,
  f10: (x: J) => K,
): K;
export function pipe<A, B, C, D, E, F, G, H, I, J, K, L>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
  f8: (x: H) => I,
  f9: (x: I) => J,
  f10: (x: J) => K,
  f11: (x: K) => L,
): L;
export function pipe<A, B, C, D, E, F, G, H, I, J, K, L, M>(
  source: A,
  f1: (x: A) => B,
  f2: (x: B) => C,
  f3: (x: C) => D,
  f4: (x: D) => E,
  f5: (x: E) => F,
  f6: (x: F) => G,
  f7: (x: G) => H,
  f8: (x: H) => I,
  f9: (x: I) => J,
  f10: (x: J) => K,
  f11: (x: K) => L,
  f12: (x: L) => M,
): M;
export function pipe(source: unknown, ...fns: Array<(x: unknown) => unknown>): unknown {
  let x = source;
  for (const f of fns) x = f(x);
  return x;
}
