/**
 * `retry`: run an operation again after it fails, waiting a backoff between attempts.
 */
import type { Clock } from '@async/core/protocol';
import { type Backoff, type BackoffLike, toBackoff } from './backoff/backoff';
import { exponential } from './backoff/exponential';
import { duration, knownKeys, optionalFunction, positiveInteger } from './check';
import { clockOf } from './clock';
import { delay } from './delay';
import { RetryError } from './errors';
import { Context, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** Its error. */
  readonly error: unknown;
  /** How long the policy now waits before the next attempt, in ms. */
  readonly delay: number;
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Attempts in all, the first included (`Infinity`: until success, abort or the backoff ends). @defaultValue `3` */
  readonly maxAttempts?: number;
  /** The waits between attempts. @defaultValue `exponential()` (100 ms doubling, full jitter, 30 s cap) */
  readonly backoff?: BackoffLike;
  /** The longest single wait, in ms, whatever the backoff says. @defaultValue `Infinity` */
  readonly maxDelay?: number;
  /**
   * Whether an error is worth another attempt. An error it refuses is rethrown as it is, at once.
   * @defaultValue every error
   */
  readonly retryIf?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait. */
  readonly onRetry?: (event: RetryEvent) => void;
  /**
   * Stops the policy for every call (a shutdown): no new attempt starts, a backoff wait rejects with
   * its reason. A running attempt is not aborted by it; the caller's `signal` does that.
   */
  readonly signal?: AbortSignal;
  /** The clock backoffs wait on. @defaultValue `getDefaultClock()` of `@async/core`, read at each wait */
  readonly clock?: Clock;
}

const KEYS = ['maxAttempts', 'backoff', 'maxDelay', 'retryIf', 'onRetry', 'signal', 'clock'];

/** The state of a call that has failed at least once (none is made on a success path). */
interface Failures {
  readonly errors: unknown[];
  readonly delays: Iterator<number>;
}

/**
 * A policy that retries a failing operation: tokio-retry's `Retry::spawn`, p-retry's `pRetry`.
 * Made by {@link retry}.
 */
export class RetryPolicy implements Policy {
  readonly #maxAttempts: number;
  readonly #backoff: Backoff;
  readonly #maxDelay: number;
  readonly #retryIf: ((error: unknown, attempt: number) => boolean) | undefined;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #clock: Clock | undefined;

  /** @internal Use {@link retry}. */
  constructor(options?: RetryOptions) {
    knownKeys(options, KEYS, 'retry');
    this.#maxAttempts = positiveInteger(options?.maxAttempts ?? 3, 'maxAttempts', true);
    this.#backoff = toBackoff(options?.backoff ?? exponential(), 'backoff');
    this.#maxDelay = duration(options?.maxDelay ?? Number.POSITIVE_INFINITY, 'maxDelay', true);
    this.#retryIf = optionalFunction(options?.retryIf, 'retryIf');
    this.#onRetry = optionalFunction(options?.onRetry, 'onRetry');
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(`signal must be an AbortSignal, got ${String(signal)} (${typeof signal})`);
    }
    this.#signal = signal;
    this.#clock = options?.clock;
  }

  /**
   * Runs `fn`; if it fails, waits the next backoff delay and runs it again, with `ctx.attempt` one
   * higher, until it succeeds or the policy gives up. Resolves with the first success. Rejects with a
   * {@link RetryError} holding every attempt's error once `maxAttempts` is reached or the backoff ends;
   * with the error itself when `retryIf` refuses it; with the signal's reason when the caller's signal
   * (or the policy's) aborts.
   *
   * **Cancel safety.** An abort during a backoff wait ends it at once: no further attempt starts and
   * no timer or listener is left. The running attempt sees the caller's abort through `ctx.signal`.
   *
   * @example
   * ```ts
   * import { retry } from '@async/resilience';
   * import { TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using _ = TestClock.install({ autoAdvance: true });
   * const waits: number[] = [];
   * const policy = retry({ maxAttempts: 4, backoff: [100, 200, 400], onRetry: (e) => waits.push(e.delay) });
   * const value = await policy.execute(({ attempt }) => {
   *   if (attempt < 3) throw new Error('flaky');
   *   return `ok on attempt ${attempt}`;
   * });
   * assert.equal(value, 'ok on attempt 3');
   * assert.deepEqual(waits, [100, 200]);
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const parent = options instanceof Context ? options : undefined;
    const callerSignal = parent === undefined ? options?.signal : undefined;
    const ctx = new Context(parent, callerSignal, 1, false);
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    if (this.#signal?.aborted) return Promise.reject(this.#signal.reason);
    return invoke(fn, ctx).then(undefined, (error: unknown) => this.#failed(fn, ctx, error, undefined));
  }

  #failed<T>(fn: Operation<T>, ctx: Context, error: unknown, failures: Failures | undefined): Promise<T> {
    const attempt = ctx.attempt;
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    if (this.#signal?.aborted) return Promise.reject(this.#signal.reason);
    if (this.#retryIf !== undefined && !this.#retryIf(error, attempt)) return Promise.reject(error);
    failures ??= { errors: [], delays: this.#backoff.delays() };
    failures.errors.push(error);
    if (attempt >= this.#maxAttempts) return Promise.reject(new RetryError(failures.errors));
    const next = failures.delays.next();
    if (next.done === true) return Promise.reject(new RetryError(failures.errors));
    const wait = Math.min(Math.max(0, next.value), this.#maxDelay);
    this.#onRetry?.({ attempt, error, delay: wait });
    const nextCtx = new Context(ctx.parent, ctx.callerSignal, attempt + 1, false);
    const again = (): Promise<T> =>
      nextCtx.isAborted()
        ? Promise.reject(nextCtx.abortedReason())
        : invoke(fn, nextCtx).then(undefined, (e: unknown) => this.#failed(fn, nextCtx, e, failures));
    if (wait === 0) return again();
    return delay(clockOf(this.#clock), wait, ctx.waitSignal(), this.#signal).then(again);
  }
}

/**
 * Makes a {@link RetryPolicy}. Bad options throw here, naming the option.
 *
 * @example
 * ```ts
 * import { exponential, retry } from '@async/resilience';
 * import { TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using _ = TestClock.install({ autoAdvance: true });
 * const policy = retry({ maxAttempts: 5, backoff: exponential({ initial: 100, jitter: 'none' }) });
 * let calls = 0;
 * assert.equal(await policy.execute(() => (++calls < 3 ? Promise.reject(new Error('busy')) : calls)), 3);
 * assert.throws(() => retry({ maxAttempts: 0 }), /maxAttempts must be a positive integer or Infinity, got 0 \(number\)/);
 * ```
 */
export function retry(options?: RetryOptions): RetryPolicy {
  return new RetryPolicy(options);
}
