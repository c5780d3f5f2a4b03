/**
 * `wrap`: several policies as one, the first outermost.
 */
import type { FallbackPolicy } from './fallback';
import type { Context, ExecuteOptions, Operation, Policy } from './policy';

/**
 * The alternative values of a list of policies (a fallback's, or those of a wrap inside the wrap),
 * as a union.
 */
export type AltOf<P extends readonly Policy<unknown>[]> = {
  [K in keyof P]: P[K] extends FallbackPolicy<infer F> ? F : P[K] extends WrappedPolicy<infer A> ? A : never;
}[number];

/** Policies applied one inside the other. Made by {@link wrap}. */
export class WrappedPolicy<Alt> implements Policy<Alt> {
  /** The policies, outermost first. */
  readonly policies: readonly Policy<unknown>[];

  /** @internal Use {@link wrap}. */
  constructor(policies: readonly Policy<unknown>[]) {
    this.policies = policies;
  }

  /**
   * Runs `fn` through every policy, the first outermost: `wrap(a, b).execute(fn)` is
   * `a.execute((ctx) => b.execute(fn, ctx))`. Each policy hands the next its context, so the caller's
   * signal and the attempt number reach `fn`, and a signal is made only if `fn` reads one.
   *
   * **Cancel safety.** As each policy's: the caller's abort stops every wait in the stack at once.
   *
   * @example
   * ```ts
   * import { circuitBreaker, retry, timeout, wrap } from '@async/resilience';
   * import assert from 'node:assert/strict';
   *
   * const policy = wrap(retry({ maxAttempts: 3, backoff: [0, 0] }), circuitBreaker(), timeout(10_000));
   * let calls = 0;
   * const value = await policy.execute(({ attempt }) => {
   *   calls++;
   *   if (attempt < 2) throw new Error('flaky');
   *   return 'ok';
   * });
   * assert.equal(value, 'ok');
   * assert.equal(calls, 2);
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T | Alt> {
    return this.#run(fn, options, 0) as Promise<T | Alt>;
  }

  #run<T>(fn: Operation<T>, options: ExecuteOptions | Context | undefined, i: number): Promise<unknown> {
    const policies = this.policies;
    if (i === policies.length - 1) return policies[i]!.execute(fn, options);
    return policies[i]!.execute((ctx) => this.#run(fn, ctx, i + 1), options);
  }
}

/**
 * Combines policies into one; the first is the outermost. The usual order, outside in:
 * `fallback`, `retry`, `circuitBreaker`, `timeout` (so each attempt has its own time limit, RS-02),
 * `bulkhead`.
 *
 * @example
 * ```ts
 * import { bulkhead, fallback, retry, wrap } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const policy = wrap(fallback('default'), retry({ maxAttempts: 2, backoff: [0] }), bulkhead(4));
 * assert.equal(await policy.execute(() => Promise.reject(new Error('down'))), 'default');
 * assert.throws(() => wrap(), /wrap needs at least one policy/);
 * ```
 */
export function wrap<P extends readonly Policy<unknown>[]>(...policies: P): WrappedPolicy<AltOf<P>> {
  if (policies.length === 0) throw new TypeError('wrap needs at least one policy, got none');
  for (const [i, p] of policies.entries()) {
    if (typeof p?.execute !== 'function')
      throw new TypeError(`policies[${i}] must be a Policy, got ${String(p)}`);
  }
  return new WrappedPolicy<AltOf<P>>(policies);
}
