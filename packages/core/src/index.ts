/**
 * @packageDocumentation
 * Tasks, cancellation, join and select, and structured scopes: the core every @async package
 * builds on.
 */

export { unwatchAbort, watchAbort } from './abort-watch';
export { type Clock, getDefaultClock, hostClock, type ScheduleOptions, setDefaultClock } from './clock';
export { AsyncError, CancelledError, hasErrorCode, JoinError } from './errors';
export { isSelectable, type Selectable, selectTry, selectWait } from './selectable';
export { Waiter, WaitQueue } from './wait-queue';
