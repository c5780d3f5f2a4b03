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
 * ({@link Waiter}, {@link WaitQueue}, {@link PromiseWaiter}, and {@link ArrayQueue} for plain values), the permit
 * mechanism ({@link BatchSemaphore}), one-listener-per-signal abort bookkeeping ({@link watchAbort}),
 * the select protocol ({@link Selectable}, {@link Wakers}), the error brand ({@link AsyncError}) and the
 * default {@link Clock}.
 */

// Implementer API added with the permit mechanism, to move with the other implementer exports:
// isAborting, BatchSemaphore, PermitWaiter, PromiseWaiter. (The sorted exports keep no block of their own.)
export { isAborting, unwatchAbort, watchAbort } from './abort-watch';
export { ArrayQueue } from './array-queue';
export { BatchSemaphore, PermitWaiter } from './batch-semaphore';
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
export { PromiseWaiter } from './promise-waiter';
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
export { JoinHandle, type SpawnOptions, spawn, type TaskFn } from './task';
export type { WaitOptions } from './wait-options';
export { Waiter, WaitQueue } from './wait-queue';
export { Wakers } from './wakers';
export { yieldNow } from './yield-now';
