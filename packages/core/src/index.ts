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
 * Authors of other primitives find core's shared mechanisms (the waiter queue, abort bookkeeping, the
 * select protocol's keys, `setDefaultClock`) on the implementer subpath, `@async/core/protocol`. The
 * main entry keeps what applications name: {@link Selectable} (the type every selectable satisfies),
 * {@link Clock} and {@link getDefaultClock}, and {@link AsyncError}, the base of every error.
 *
 * @module main
 */

export { CancellationToken } from './cancellation-token';
export { type Clock, getDefaultClock, type ScheduleOptions } from './clock';
export { AsyncError, CancelledError, JoinError } from './errors';
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
export type { Selectable } from './selectable';
export { JoinHandle, type SpawnOptions, spawn, type TaskFn } from './task';
export type { WaitOptions } from './wait-options';
export { yieldNow } from './yield-now';
