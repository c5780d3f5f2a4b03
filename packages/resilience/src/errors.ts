/**
 * The errors of `@async/resilience`. Each has a stable `code` and a static `is(e)` that recognises it
 * from any copy of the package (ESM or CJS), without `instanceof`. A timeout policy rejects with
 * `TimeoutError` of `@async/time`.
 */
import { AsyncError } from '@async/core';

/**
 * A retry gave up: every attempt failed (or the backoff ran out). `errors` holds each attempt's
 * error in order, as `AggregateError` does; `cause` is the last one.
 *
 * @example
 * ```ts
 * import { retry, RetryError } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const policy = retry({ maxAttempts: 3, backoff: [0, 0] });
 * const error = await policy
 *   .execute(({ attempt }) => Promise.reject(new Error(`try ${attempt}`)))
 *   .catch((e: unknown) => e);
 * assert.ok(RetryError.is(error));
 * assert.deepEqual(error.errors.map((e) => (e as Error).message), ['try 1', 'try 2', 'try 3']);
 * ```
 */
export class RetryError extends AsyncError {
  override readonly name = 'RetryError';
  static override readonly code = 'ERR_RETRY_EXHAUSTED';
  declare static readonly is: (e: unknown) => e is RetryError;
  /** The error of each attempt, first to last. */
  readonly errors: readonly unknown[];
  constructor(errors: readonly unknown[]) {
    const last = errors[errors.length - 1];
    super(`gave up after ${errors.length} attempt${errors.length === 1 ? '' : 's'}: ${describe(last)}`, {
      cause: last,
    });
    this.errors = errors;
  }
  /** How many attempts were made. */
  get attempts(): number {
    return this.errors.length;
  }
}

/**
 * A circuit breaker refused a call without running it: the circuit is open (or half-open with every
 * probe place taken), or was isolated by hand (`isolated` is then `true`).
 *
 * @example
 * ```ts
 * import { BrokenCircuitError, circuitBreaker } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const breaker = circuitBreaker({ halfOpenAfter: 10_000 });
 * using _ = breaker.isolate();
 * await assert.rejects(breaker.execute(() => 'never runs'), (e) => BrokenCircuitError.is(e) && e.isolated);
 * ```
 */
export class BrokenCircuitError extends AsyncError {
  override readonly name = 'BrokenCircuitError';
  static override readonly code = 'ERR_BROKEN_CIRCUIT';
  declare static readonly is: (e: unknown) => e is BrokenCircuitError;
  /** Whether the circuit was opened by hand (`isolate()`) rather than by failures. */
  readonly isolated: boolean;
  constructor(isolated = false) {
    super(isolated ? 'the circuit is isolated' : 'the circuit is open');
    this.isolated = isolated;
  }
}

/**
 * A bulkhead refused a call: every slot is busy and its queue is full.
 *
 * @example
 * ```ts
 * import { bulkhead, BulkheadRejectedError } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const limit = bulkhead(1);
 * const running = limit.execute(() => new Promise((r) => setTimeout(r, 1)));
 * await assert.rejects(limit.execute(() => 'no room'), BulkheadRejectedError.is);
 * await running;
 * ```
 */
export class BulkheadRejectedError extends AsyncError {
  override readonly name = 'BulkheadRejectedError';
  static override readonly code = 'ERR_BULKHEAD_REJECTED';
  declare static readonly is: (e: unknown) => e is BulkheadRejectedError;
  constructor(maxConcurrent: number, maxQueue: number) {
    super(`the bulkhead is full (${maxConcurrent} running, ${maxQueue} queued)`);
  }
}

/**
 * A rate limiter refused to wait: the tokens asked for would come later than the caller's `maxWait`
 * allows. `retryAfter` says in how many milliseconds they would be there (for a `Retry-After` header).
 *
 * @example
 * ```ts
 * import { RateLimitedError, tokenBucket } from '@async/resilience';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using _ = TestClock.install();
 * const limiter = tokenBucket({ capacity: 1, refill: 1, interval: 1000 });
 * limiter.tryAcquire();
 * await assert.rejects(
 *   limiter.acquire(1, { maxWait: 100 }),
 *   (e) => RateLimitedError.is(e) && e.retryAfter === 1000,
 * );
 * ```
 */
export class RateLimitedError extends AsyncError {
  override readonly name = 'RateLimitedError';
  static override readonly code = 'ERR_RATE_LIMITED';
  declare static readonly is: (e: unknown) => e is RateLimitedError;
  /** Milliseconds until the tokens asked for would have been available. */
  readonly retryAfter: number;
  constructor(retryAfter: number) {
    super(`rate limited: the tokens are available in ${Math.ceil(retryAfter)} ms`);
    this.retryAfter = retryAfter;
  }
}

/**
 * A supervisor gave up: its task failed more than `maxRestarts` times within the `within` window.
 * `cause` is the last failure.
 *
 * @example
 * ```ts
 * import { supervise, SupervisorError } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const sup = supervise(() => Promise.reject(new Error('bad config')), { maxRestarts: 2 });
 * const error = await sup.catch((e: unknown) => e);
 * assert.ok(SupervisorError.is(error));
 * assert.equal(sup.restarts, 2);
 * ```
 */
export class SupervisorError extends AsyncError {
  override readonly name = 'SupervisorError';
  static override readonly code = 'ERR_SUPERVISOR_GAVE_UP';
  declare static readonly is: (e: unknown) => e is SupervisorError;
  /** How many times the task was restarted before the supervisor gave up. */
  readonly restarts: number;
  constructor(restarts: number, cause: unknown) {
    super(`the task failed after ${restarts} restart${restarts === 1 ? '' : 's'}: ${describe(cause)}`, {
      cause,
    });
    this.restarts = restarts;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
