/**
 * What decides that a closed circuit opens. `circuitBreaker` reports each call's outcome while the
 * circuit is closed; the breaker answers whether the failures are now too many.
 */

/** A circuit breaker's opening rule. Implement it to plug in your own. */
export interface Breaker {
  /**
   * Whether `success` and `failure` need the time (a rolling window does, a count does not). When
   * absent or false, the policy reads no clock on a success path and passes 0.
   */
  readonly usesTime?: boolean;
  /** A call succeeded while the circuit was closed. `now` is the clock's time in ms. */
  success(now: number): void;
  /** A call failed while the circuit was closed. Returns `true` if the circuit should open. */
  failure(now: number): boolean;
  /** The circuit closed (again): forget what was counted before. */
  reset(now: number): void;
}
