/**
 * Rate limiters: the interface every implementation meets (local ones here; a shared store such as
 * Redis can implement the same `acquire`), and the FIFO queue of waiting callers the local ones share.
 *
 * # Implementation notes
 *
 * A local limiter computes its state lazily from the clock at each call (tokens refilled since the
 * last call, grants that left the window), so an idle limiter has no timer at all. Only while callers
 * wait does it keep **one** clock timer, armed for the moment the oldest waiter can be served; that
 * timer holds the process open, as somebody awaits it. Waiters are served in FIFO order: a large
 * request at the head is not overtaken by small ones, and `tryAcquire` fails while anyone waits.
 */
import { type Clock, unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core/protocol';
import { duration, knownKeys, positiveInteger } from './check';
import { clockOf } from './clock';
import { RateLimitedError } from './errors';
import { type Context, contextOf, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** Options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Aborts the wait: it rejects with `signal.reason`, leaving its place (and no tokens taken). */
  readonly signal?: AbortSignal;
  /**
   * The longest the caller will wait, in ms. If the tokens would come later, `acquire` rejects at
   * once with a {@link RateLimitedError} saying when they would (the RS-06 pattern: fail fast
   * instead of waiting out a timeout). @defaultValue `Infinity`
   */
  readonly maxWait?: number;
}

/**
 * What any rate limiter offers: asynchronous, so that an implementation backed by a shared store
 * (Redis, a database) is a drop-in for a local one. Code that must work with both uses only this.
 */
export interface RateLimiter {
  /**
   * Waits until `n` tokens are granted (FIFO among waiters). Rejects with {@link RateLimitedError}
   * if they would come later than `maxWait`, `RangeError` if `n` can never be granted, or
   * `signal.reason` on abort.
   *
   * **Cancel safety.** Aborting leaves the queue at once; no tokens are taken.
   */
  acquire(n?: number, options?: AcquireOptions): Promise<void>;
}

/** A rate limiter whose state is in this process: it can also answer at once. */
export interface LocalRateLimiter extends RateLimiter {
  /**
   * Takes `n` tokens if they are there now and nobody waits; returns whether it did. Never waits,
   * never allocates.
   */
  tryAcquire(n?: number): boolean;
  /** Milliseconds until `n` tokens would be available to a new caller (0: now). */
  waitTime(n?: number): number;
}

/** A caller waiting for tokens. */
class TokenWaiter extends Waiter {
  constructor(
    readonly limiter: QueuedLimiter,
    readonly n: number,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    this.limiter.leave(this);
    this.reject(reason);
  }
}

const granted: Promise<void> = Promise.resolve();

/**
 * The waiting half every local limiter shares: the FIFO queue, its one timer, `maxWait`, and
 * `execute` so that a limiter is also a policy (one token per call). A subclass says how many tokens
 * there are and when more come.
 */
export abstract class QueuedLimiter implements LocalRateLimiter, Policy {
  readonly #queue = new WaitQueue<TokenWaiter>();
  /** Tokens asked for by queued callers. */
  #queuedTokens = 0;
  #timer: unknown = undefined;
  #timerClock: Clock | undefined = undefined;
  /** @internal */
  readonly clockOption: Clock | undefined;
  /** @internal The most tokens one call may ask for. */
  readonly maxTokens: number;

  /** @internal */
  constructor(maxTokens: number, clock: Clock | undefined) {
    this.maxTokens = maxTokens;
    this.clockOption = clock;
  }

  /** @internal Takes `n` tokens if available at `now`; returns whether it did. */
  protected abstract take(n: number, now: number): boolean;
  /** @internal Milliseconds from `now` until `n` tokens are available, if nothing else is taken. */
  protected abstract wait(n: number, now: number): number;

  /** Callers waiting for tokens. */
  get queued(): number {
    return this.#queue.size;
  }

  tryAcquire(n = 1): boolean {
    if (n !== 1) this.#check(n);
    return this.#queue.size === 0 && this.take(n, clockOf(this.clockOption).now());
  }

  waitTime(n = 1): number {
    this.#check(n);
    return this.wait(this.#queuedTokens + n, clockOf(this.clockOption).now());
  }

  /**
   * {@inheritDoc RateLimiter.acquire}
   *
   * @example
   * ```ts
   * import { tokenBucket } from '@async/resilience';
   * import { TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install({ autoAdvance: true });
   * const limiter = tokenBucket({ capacity: 2, refill: 1, interval: 1000 });
   * const start = clock.now();
   * for (let i = 0; i < 5; i++) await limiter.acquire();
   * assert.equal(clock.now() - start, 3000); // 2 at once, then one a second
   * ```
   */
  acquire(n = 1, options?: AcquireOptions): Promise<void> {
    try {
      if (n !== 1) this.#check(n);
      if (options !== undefined) knownKeys(options, ['signal', 'maxWait'], 'acquire');
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const clock = clockOf(this.clockOption);
    const now = clock.now();
    if (this.#queue.size === 0 && this.take(n, now)) return granted;
    const maxWait = options?.maxWait;
    if (maxWait !== undefined) {
      duration(maxWait, 'maxWait', true);
      const wait = this.wait(this.#queuedTokens + n, now);
      if (wait > maxWait) return Promise.reject(new RateLimitedError(wait));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = new TokenWaiter(this, n, resolve, reject);
      this.#queue.push(waiter);
      this.#queuedTokens += n;
      if (signal !== undefined) watchAbort(waiter, signal);
      if (this.#timer === undefined) this.#arm(clock, now);
    });
  }

  /**
   * Takes one token, then runs `fn`: the limiter as a policy, to put in a `wrap`. The token is not
   * given back when `fn` ends (a rate counts starts, not concurrency: see `bulkhead` for that).
   *
   * **Cancel safety.** As {@link QueuedLimiter.acquire}: an abort while waiting rejects and `fn`
   * never runs.
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const ctx = contextOf(options);
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    if (this.#queue.size === 0 && this.take(1, clockOf(this.clockOption).now())) return invoke(fn, ctx);
    return this.acquire(1, { signal: ctx.waitSignal() }).then(() => invoke(fn, ctx));
  }

  /** @internal An aborted waiter leaves the queue; the callers behind it may now be served. */
  leave(waiter: TokenWaiter): void {
    if (!this.#queue.remove(waiter)) return;
    this.#queuedTokens -= waiter.n;
    if (this.#timer !== undefined) {
      this.#timerClock!.cancel(this.#timer);
      this.#timer = undefined;
    }
    this.#serve();
  }

  #arm(clock: Clock, now: number): void {
    const head = this.#queue.peek()!;
    this.#timerClock = clock;
    this.#timer = clock.schedule(now + Math.max(0, this.wait(head.n, now)), this.#fire);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#serve();
  };

  /** Grants the head waiters that can be served now, then re-arms for the next. */
  #serve(): void {
    const clock = this.#timerClock ?? clockOf(this.clockOption);
    const now = clock.now();
    for (let head = this.#queue.peek(); head !== undefined; head = this.#queue.peek()) {
      if (!this.take(head.n, now)) {
        if (this.#timer === undefined) this.#arm(clock, now);
        return;
      }
      this.#queue.remove(head);
      this.#queuedTokens -= head.n;
      unwatchAbort(head);
      head.resolve();
    }
  }

  #check(n: number): void {
    positiveInteger(n, 'n');
    if (n > this.maxTokens) {
      throw new RangeError(`n must be at most ${this.maxTokens} (the limiter's capacity), got ${n}`);
    }
  }
}
