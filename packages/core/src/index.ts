/**
 * @packageDocumentation
 * Tasks, cancellation, join and select, and structured scopes: the core every `@async` package builds on.
 *
 * ## Choosing
 *
 * - Run something concurrently and maybe await it later: {@link spawn} → {@link JoinHandle}.
 * - Many tasks, results as they finish: {@link JoinSet}; `await using` it so none outlives the block.
 * - Children that must all finish before you go on, failing together: {@link scope}.
 * - A fixed set of operations, all needed: {@link join} (waits for all) or {@link tryJoin} (fails fast).
 * - The first of several operations: {@link select}; selectables (channels, sleeps, tokens) lose nothing.
 * - Stopping a tree of work: {@link CancellationToken}, or any `AbortSignal`.
 * - A program's entry point with signals, grace period and exit code: {@link run}.
 *
 * For implementers of other primitives, core exports its shared mechanisms: the waiter queue
 * ({@link Waiter}, {@link WaitQueue}, and {@link ArrayQueue} for plain values), one-listener-per-signal abort bookkeeping ({@link watchAbort}),
 * the select protocol ({@link Selectable}, {@link Wakers}), one shared reaction per promise
 * ({@link Settlement}), argument checks that name what came ({@link describe}, {@link checkOptions} and
 * the other `check*` functions), the error brand ({@link AsyncError}) and the default {@link Clock}.
 */

export { unwatchAbort, watchAbort } from './abort-watch';
export { ArrayQueue } from './array-queue';
export { CancellationToken } from './cancellation-token';
export { type Clock, getDefaultClock, hostClock, type ScheduleOptions, setDefaultClock } from './clock';
export { AsyncError, CancelledError, hasErrorCode, JoinError } from './errors';
export {
  type JoinOptions,
  type JoinResult,
  join,
  type Operation,
  type Operations,
  type OperationValue,
  tryJoin,
} from './join';
export { type JoinNextOptions, JoinSet } from './join-set';
export { type RunOptions, run } from './run';
export { Scope, type ScopeOptions, scope } from './scope';
export {
  type Branch,
  type Branches,
  type BranchValue,
  type Disabled,
  type SelectOptions,
  type SelectResult,
  select,
} from './select';
export { isSelectable, type Selectable, selectTry, selectWait } from './selectable';
export { Settlement } from './settlement';
export { JoinHandle, type SpawnOptions, spawn, type TaskFn } from './task';
export {
  checkBoolean,
  checkFunction,
  checkInteger,
  checkNumber,
  checkOptions,
  checkSignal,
  checkString,
  describe,
} from './validate';
export { Waiter, WaitQueue } from './wait-queue';
export { Wakers } from './wakers';
export { yieldNow } from './yield-now';
