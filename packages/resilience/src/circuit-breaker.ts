/**
 * `circuitBreaker`: stop calling a dependency that keeps failing, and probe it now and then.
 *
 * # Implementation notes
 *
 * States: `closed` (calls run; the {@link Breaker} counts outcomes), `open` (calls are refused until
 * the cooldown has passed), `half-open` (at most `halfOpenProbes` trial calls at a time; after
 * `successThreshold` successes the circuit closes, a failure opens it again with the next, possibly
 * longer, cooldown) and `isolated` (opened by hand).
 *
 * No timer: open → half-open happens when a call arrives (or `state` is read) after the cooldown, so
 * an idle breaker holds nothing open (cockatiel #11). Every transition bumps a generation number; a
 * probe's outcome counts only in the half-open phase that admitted it, and outcomes of calls that
 * started before the circuit opened are ignored, so a burst of simultaneous failures opens the
 * circuit once and leaves it to recover normally (opossum #385). The probe count is taken before the
 * probe runs, so 1,000 callers arriving together in half-open admit exactly `halfOpenProbes`
 * (opossum #613, #819).
 */
import type { Clock } from '@async/core/protocol';
import { type Notified, Notify } from '@async/sync';
import { type Backoff, type BackoffLike, toBackoff } from './backoff/backoff';
import type { Breaker } from './breaker/breaker';
import { consecutive } from './breaker/consecutive';
import { duration, knownKeys, optionalFunction, positiveInteger } from './check';
import { clockOf } from './clock';
import { BrokenCircuitError } from './errors';
import { type Context, contextOf, type ExecuteOptions, invoke, type Operation, type Policy } from './policy';

/** The state of a circuit. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/** Options of {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /** When a closed circuit opens. @defaultValue `consecutive(5)` */
  readonly breaker?: Breaker;
  /**
   * How long the circuit stays open before it lets probes through, in ms; or a backoff whose delays
   * are used one after another while the circuit keeps failing its probes (reset when it closes).
   * @defaultValue `30_000`
   */
  readonly halfOpenAfter?: number | BackoffLike;
  /** How many probes may run at once while half-open. @defaultValue `1` */
  readonly halfOpenProbes?: number;
  /** How many probe successes close the circuit. @defaultValue `1` */
  readonly successThreshold?: number;
  /**
   * Which errors count as failures. Others are passed through without being counted.
   * @defaultValue every error except one named `'AbortError'` (the caller's own cancellation)
   */
  readonly isFailure?: (error: unknown) => boolean;
  /**
   * A call slower than this, in ms, counts as a failure even if it succeeds (resilience4j's slow
   * calls); its value is still returned. @defaultValue `Infinity` (off)
   */
  readonly slowCallDuration?: number;
  /** The clock cooldowns and windows are measured on. @defaultValue `getDefaultClock()` */
  readonly clock?: Clock;
}

const KEYS = [
  'breaker',
  'halfOpenAfter',
  'halfOpenProbes',
  'successThreshold',
  'isFailure',
  'slowCallDuration',
  'clock',
];

const notAbort = (error: unknown): boolean => (error as { name?: unknown } | null)?.name !== 'AbortError';

/**
 * A circuit breaker policy (resilience4j's `CircuitBreaker`, Polly's, cockatiel's). Made by
 * {@link circuitBreaker}.
 */
export class CircuitBreakerPolicy implements Policy {
  readonly #breaker: Breaker;
  readonly #cooldown: Backoff;
  readonly #probes: number;
  readonly #successThreshold: number;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #slow: number;
  readonly #clock: Clock | undefined;
  readonly #changed = new Notify();
  readonly #listeners = new Set<(state: CircuitState) => void>();

  #state: CircuitState = 'closed';
  /** Bumped on every transition. */
  #generation = 0;
  /** When an open circuit lets probes through. */
  #openUntil = 0;
  /** The cooldowns of this run of failed probes; reset when the circuit closes. */
  #cooldowns: Iterator<number> | undefined = undefined;
  /** The cooldown used last: it repeats once a finite backoff has ended. */
  #lastCooldown = 0;
  #probing = 0;
  #probeSuccesses = 0;

  /** @internal Use {@link circuitBreaker}. */
  constructor(options?: CircuitBreakerOptions) {
    knownKeys(options, KEYS, 'circuitBreaker');
    const breaker = options?.breaker ?? consecutive(5);
    if (typeof breaker?.failure !== 'function' || typeof breaker.success !== 'function') {
      throw new TypeError(`breaker must be a Breaker (consecutive(n), sampling(…)), got ${String(breaker)}`);
    }
    this.#breaker = breaker;
    const after = options?.halfOpenAfter ?? 30_000;
    if (typeof after === 'number') {
      const ms = duration(after, 'halfOpenAfter');
      this.#cooldown = { delays: () => ({ next: () => ({ value: ms, done: false }) }) };
    } else this.#cooldown = toBackoff(after, 'halfOpenAfter');
    this.#probes = positiveInteger(options?.halfOpenProbes ?? 1, 'halfOpenProbes');
    this.#successThreshold = positiveInteger(options?.successThreshold ?? 1, 'successThreshold');
    this.#isFailure = optionalFunction(options?.isFailure, 'isFailure') ?? notAbort;
    this.#slow = duration(options?.slowCallDuration ?? Number.POSITIVE_INFINITY, 'slowCallDuration', true);
    this.#clock = options?.clock;
  }

  /** The circuit's state now. Reading it after an open circuit's cooldown moves it to `'half-open'`. */
  get state(): CircuitState {
    if (this.#state === 'open' && clockOf(this.#clock).now() >= this.#openUntil) this.#halfOpen();
    return this.#state;
  }

  /**
   * A wait for the next change of state (a watch receiver's `changed()`): a `Notified` of
   * `@async/sync`, to await or race in `select`; read {@link CircuitBreakerPolicy.state} after it.
   * Rejects with `signal.reason` if the signal aborts first.
   *
   * **Cancel safety.** Cancel safe: an aborted wait leaves nothing behind.
   */
  changed(options?: ExecuteOptions): Notified {
    return this.#changed.notified(options);
  }

  /**
   * Calls `listener` with the new state on every change, synchronously, until the returned
   * disposable is disposed.
   */
  onStateChange(listener: (state: CircuitState) => void): Disposable {
    const entry = (state: CircuitState) => listener(state);
    this.#listeners.add(entry);
    return { [Symbol.dispose]: () => void this.#listeners.delete(entry) };
  }

  /**
   * Opens the circuit by hand until the returned disposable is disposed (or {@link reset} is called):
   * every call is refused with a {@link BrokenCircuitError} whose `isolated` is `true`.
   */
  isolate(): Disposable {
    this.#transition('isolated');
    const generation = this.#generation;
    return {
      [Symbol.dispose]: () => {
        if (this.#generation === generation) this.reset();
      },
    };
  }

  /** Closes the circuit by hand, whatever its state, and forgets what the breaker counted. */
  reset(): void {
    this.#cooldowns = undefined;
    this.#breaker.reset(clockOf(this.#clock).now());
    this.#transition('closed');
  }

  /**
   * Runs `fn` if the circuit lets it: always when closed, as one of the `halfOpenProbes` probes when
   * half-open. Resolves or rejects as `fn` does; rejects at once with {@link BrokenCircuitError}
   * (without calling `fn`) when open, isolated, or half-open with every probe place taken.
   *
   * **Cancel safety.** The breaker never waits; the caller's signal reaches `fn` through `ctx.signal`.
   * A call that fails with an `AbortError` is not counted as a failure (by default).
   *
   * @example
   * ```ts
   * import { BrokenCircuitError, circuitBreaker, consecutive } from '@async/resilience';
   * import { TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install();
   * const breaker = circuitBreaker({ breaker: consecutive(2), halfOpenAfter: 1000 });
   * const down = () => Promise.reject(new Error('down'));
   * await assert.rejects(breaker.execute(down), /down/);
   * await assert.rejects(breaker.execute(down), /down/);
   * assert.equal(breaker.state, 'open');
   * await assert.rejects(breaker.execute(() => 'not called'), BrokenCircuitError.is);
   * await clock.advance(1000);
   * assert.equal(await breaker.execute(() => 'probe'), 'probe');
   * assert.equal(breaker.state, 'closed');
   * ```
   */
  execute<T>(fn: Operation<T>, options?: ExecuteOptions | Context): Promise<T> {
    const ctx = contextOf(options);
    if (ctx.isAborted()) return Promise.reject(ctx.abortedReason());
    switch (this.#state) {
      case 'closed':
        if (this.#slow === Number.POSITIVE_INFINITY)
          return invoke(fn, ctx).then(this.#closedOk, this.#closedFail);
        return this.#timed(fn, ctx);
      case 'open':
        if (clockOf(this.#clock).now() < this.#openUntil) return Promise.reject(new BrokenCircuitError());
        this.#halfOpen();
        return this.#probe(fn, ctx);
      case 'half-open':
        return this.#probe(fn, ctx);
      default:
        return Promise.reject(new BrokenCircuitError(true));
    }
  }

  readonly #closedOk = <T>(value: T): T => {
    if (this.#state === 'closed') this.#breaker.success(this.#now());
    return value;
  };

  readonly #closedFail = (error: unknown): never => {
    this.#closedFailure(error, this.#generation);
    throw error;
  };

  #closedFailure(error: unknown, generation: number): void {
    if (this.#state !== 'closed' || this.#generation !== generation || !this.#isFailure(error)) return;
    if (this.#breaker.failure(this.#now())) this.#open();
  }

  /** A closed-state call when slow calls count as failures. */
  #timed<T>(fn: Operation<T>, ctx: Context): Promise<T> {
    const clock = clockOf(this.#clock);
    const start = clock.now();
    const generation = this.#generation;
    return invoke(fn, ctx).then(
      (value) => {
        if (this.#state === 'closed' && this.#generation === generation) {
          const now = clock.now();
          if (now - start <= this.#slow) this.#breaker.success(now);
          else if (this.#breaker.failure(now)) this.#open();
        }
        return value;
      },
      (error: unknown) => {
        this.#closedFailure(error, generation);
        throw error;
      },
    );
  }

  #probe<T>(fn: Operation<T>, ctx: Context): Promise<T> {
    if (this.#probing >= this.#probes) return Promise.reject(new BrokenCircuitError());
    this.#probing++;
    const generation = this.#generation;
    const clock = clockOf(this.#clock);
    const start = this.#slow === Number.POSITIVE_INFINITY ? 0 : clock.now();
    return invoke(fn, ctx).then(
      (value) => {
        if (this.#generation !== generation) return value;
        this.#probing--;
        if (this.#slow !== Number.POSITIVE_INFINITY && clock.now() - start > this.#slow) this.#open();
        else if (++this.#probeSuccesses >= this.#successThreshold) {
          this.#cooldowns = undefined;
          this.#breaker.reset(clock.now());
          this.#transition('closed');
        }
        return value;
      },
      (error: unknown) => {
        if (this.#generation !== generation) throw error;
        this.#probing--;
        if (this.#isFailure(error)) this.#open();
        throw error;
      },
    );
  }

  /** The time for the breaker: 0 for one that counts no time, so a success path reads no clock. */
  #now(): number {
    return this.#breaker.usesTime === true ? clockOf(this.#clock).now() : 0;
  }

  #open(): void {
    this.#cooldowns ??= this.#cooldown.delays();
    const next = this.#cooldowns.next();
    if (next.done !== true) this.#lastCooldown = Math.max(0, next.value);
    this.#openUntil = clockOf(this.#clock).now() + this.#lastCooldown;
    this.#transition('open');
  }

  #halfOpen(): void {
    this.#transition('half-open');
  }

  #transition(state: CircuitState): void {
    this.#generation++;
    this.#probing = 0;
    this.#probeSuccesses = 0;
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
    this.#changed.notifyWaiters();
  }
}

/**
 * Makes a {@link CircuitBreakerPolicy}. Bad options throw here, naming the option.
 *
 * @example
 * ```ts
 * import { circuitBreaker, sampling } from '@async/resilience';
 * import assert from 'node:assert/strict';
 *
 * const breaker = circuitBreaker({
 *   breaker: sampling({ threshold: 0.5, duration: 30_000, minimumThroughput: 10 }),
 *   halfOpenAfter: 10_000,
 * });
 * assert.equal(breaker.state, 'closed');
 * assert.throws(() => circuitBreaker({ halfOpenProbes: 0 }), /halfOpenProbes must be a positive integer, got 0/);
 * ```
 */
export function circuitBreaker(options?: CircuitBreakerOptions): CircuitBreakerPolicy {
  return new CircuitBreakerPolicy(options);
}
