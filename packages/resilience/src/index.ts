/**
 * @packageDocumentation
 * Fault-handling policies that compose, with tokio-style cancellation throughout: every policy has
 * one shape, `policy.execute((ctx) => op(ctx.signal, ctx.attempt), { signal })`, so
 * {@link wrap | wrap(...policies)} stacks them, and the caller's `AbortSignal` stops every wait.
 *
 * How to choose:
 * - **{@link retry}** — a call fails now and then (a flaky network): try again after a backoff
 *   ({@link exponential} with jitter, {@link constant}, an array, a generator). The final error holds
 *   every attempt's ({@link RetryError}).
 * - **{@link timeout}** — a call can hang: give up after a limit and abort its signal. Inside a retry,
 *   each attempt gets its own limit (RS-02).
 * - **{@link circuitBreaker}** — a dependency is down: stop calling it for a while
 *   ({@link consecutive} or {@link sampling} failures), then probe it.
 * - **{@link bulkhead}** — a dependency must not take all your capacity: at most N calls at once,
 *   a bounded queue, fast refusal beyond.
 * - **{@link tokenBucket}** / **{@link slidingWindow}** — at most so many calls per second:
 *   `tryAcquire()` to shed load, `acquire({ maxWait })` to wait a bounded time.
 * - **{@link fallback}** — a degraded answer beats an error.
 * - **{@link hedge}** — tail latency matters more than load: start a second attempt when the first is
 *   slow; the first success wins.
 * - **{@link supervise}** — a long-running task must stay up: restart it with backoff, within a
 *   restart budget.
 *
 * Every clock read and timer goes through `@async/time`'s clock, so a `TestClock` runs all of it in
 * virtual time; no policy keeps an idle process alive.
 */

export type { Backoff, BackoffLike, Random } from './backoff/backoff';
export { constant } from './backoff/constant';
export { type ExponentialOptions, exponential, type Jitter } from './backoff/exponential';
export type { Breaker } from './breaker/breaker';
export { consecutive } from './breaker/consecutive';
export { type SamplingOptions, sampling } from './breaker/sampling';
export { type BulkheadOptions, BulkheadPolicy, bulkhead } from './bulkhead';
export {
  type CircuitBreakerOptions,
  CircuitBreakerPolicy,
  type CircuitState,
  circuitBreaker,
} from './circuit-breaker';
export {
  BrokenCircuitError,
  BulkheadRejectedError,
  RateLimitedError,
  RetryError,
  SupervisorError,
} from './errors';
export { type FallbackOptions, FallbackPolicy, type FallbackValue, fallback } from './fallback';
export { type HedgeOptions, HedgePolicy, hedge } from './hedge';
export { Context, type ExecuteOptions, type Operation, type Policy } from './policy';
export { type AcquireOptions, type LocalRateLimiter, QueuedLimiter, type RateLimiter } from './rate-limiter';
export { type RetryEvent, type RetryOptions, RetryPolicy, retry } from './retry';
export { SlidingWindow, type SlidingWindowOptions, slidingWindow } from './sliding-window';
export {
  type RestartEvent,
  type RestartPolicy,
  type SupervisedRun,
  type SuperviseOptions,
  Supervisor,
  supervise,
} from './supervise';
export { type TimeoutMode, TimeoutPolicy, type TimeoutPolicyOptions, timeout } from './timeout';
export { TokenBucket, type TokenBucketOptions, tokenBucket } from './token-bucket';
export { type AltOf, WrappedPolicy, wrap } from './wrap';
