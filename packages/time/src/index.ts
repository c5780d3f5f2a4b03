/**
 * @packageDocumentation
 * Clocks, sleep, timeout, interval and a test clock: time for every `@async/*` package.
 *
 * - {@link sleep} / {@link sleepUntil}: wait for a duration or a deadline. The returned {@link Sleep}
 *   is awaited, raced in `select`, or kept and {@link Sleep.reset | reset} (an idle timer).
 * - {@link timeout} / {@link timeoutAt}: put a time limit on any operation; a function operation is
 *   aborted when the limit passes. Use `timeoutAt` when several steps share one deadline.
 * - {@link interval} / {@link intervalAt}: ticks at a fixed period, with tokio's missed-tick
 *   behaviours (`burst`, `delay`, `skip`) for when the consumer falls behind.
 * - {@link Instant}: a monotonic reading of the clock; durations are milliseconds.
 * - {@link TestClock}: a paused clock for tests, installed as the default clock of every `@async/*`
 *   package with one line, moved by `advance` (or by itself with `autoAdvance`).
 *
 * Every function takes `{ clock?, signal? }`; the clock defaults to `getDefaultClock()` of
 * `@async/core`, read at the call.
 */
export { TimeoutError, type TimeoutLimit } from './errors';
export { type Deadline, Instant } from './instant';
export {
  Interval,
  type IntervalOptions,
  interval,
  intervalAt,
  type MissedTickBehavior,
  type TickOptions,
} from './interval';
export { Sleep, type SleepOptions, sleep, sleepUntil } from './sleep';
export { pause, TestClock, type TestClockOptions } from './test-clock';
export { type TimeoutOperation, type TimeoutOptions, timeout, timeoutAt } from './timeout';
export { systemClock } from './timers';
