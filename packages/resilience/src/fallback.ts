/**
 * `fallback`: a value (or a second way to get one) when the operation fails.
 */
import { knownKeys, optionalFunction } from './check';
import { type Context, contextOf, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** Options of {@link fallback}. */
export interface FallbackOptions {
  /**
   * Which errors the fallback answers; others are rethrown.
   * @defaultValue every error, except the caller's own abort (its signal's reason)
   */
  readonly when?: (error: unknown) => boolean;
}

/** What the fallback gives: a value, or a function of the error that returns one (or a promise). */
export type FallbackValue<F> = F | ((error: unknown, ctx: Context) => F | PromiseLike<F>);

/** A fallback policy (cockatiel's and Polly's `fallback`). Made by {@link fallback}. */
export class FallbackPolicy<F> implements Policy<F> {
  readonly #value: FallbackValue<F>;
  readonly #when: ((error: unknown) => boolean) | undefined;

  /** @internal Use {@link fallback}. */
  constructor(value: FallbackValue<F>, options?: FallbackOptions) {
    knownKeys(options, ['when'], 'fallback');
    this.#value = value;
    this.#when = optionalFunction(options?.when, 'when');
  }

  /**
   * Runs `fn`; if it fails with an error `when` accepts, resolves with the fallback instead (calling
   * it with the error if it is a function; if that throws, the call rejects with its error).
   *
   * **Cancel safety.** A call aborted by its caller rejects with the signal's reason; the fallback
   * does not answer for it.
   *
   * @example
   * ```ts
   * import { fallback } from '@async/resilience';
   * import assert from 'node:assert/strict';
   *
   * const cached = fallback((error) => `cached (${(error as Error).message})`);
   * assert.equal(await cached.execute(() => Promise.reject(new Error('offline'))), 'cached (offline)');
   * assert.equal(await cached.execute(() => 'live'), 'live');
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T | F> {
    const ctx = contextOf(options);
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    return invoke(fn, ctx).then(undefined, (error: unknown) => {
      if (ctx.isAborted() && error === ctx.abortedReason()) throw error;
      if (this.#when !== undefined && !this.#when(error)) throw error;
      const value = this.#value;
      return typeof value === 'function'
        ? (value as (e: unknown, c: Context) => F | PromiseLike<F>)(error, ctx)
        : value;
    });
  }
}

/**
 * Makes a {@link FallbackPolicy}. To fall back to a function value itself, return it from a function.
 *
 * @example
 * ```ts
 * import { fallback } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const orEmpty = fallback([] as string[], { when: (e) => (e as Error).message === 'not found' });
 * assert.deepEqual(await orEmpty.execute(() => Promise.reject(new Error('not found'))), []);
 * await assert.rejects(orEmpty.execute(() => Promise.reject(new Error('boom'))), /boom/);
 * ```
 */
export function fallback<F>(value: FallbackValue<F>, options?: FallbackOptions): FallbackPolicy<F> {
  return new FallbackPolicy(value, options);
}
