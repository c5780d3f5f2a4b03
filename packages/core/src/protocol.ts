/**
 * @packageDocumentation
 * The implementer API of `@async`: what a package needs to build a waiting primitive that behaves like
 * the ones of `@async/sync`, `@async/channels` and `@async/time`. Applications import from
 * `@async/core`; only authors of primitives import from `@async/core/protocol`.
 *
 * - The waiter queue: {@link Waiter} (one allocation per wait, its own list node), {@link WaitQueue}
 *   (FIFO with O(1) removal of any member), {@link dequeue} for a waiter leaving whatever queue holds
 *   it, {@link PromiseWaiter} (a waiter that settles a promise), and {@link ArrayQueue} for plain values.
 * - The permit mechanism: {@link BatchSemaphore} and its {@link PermitWaiter} (tokio's batch semaphore:
 *   FIFO, partial assignment, close, a waiter leaving in O(1)), behind every semaphore, lock and
 *   bounded channel capacity.
 * - Abort bookkeeping: {@link watchAbort} / {@link unwatchAbort} keep one listener per signal, whatever
 *   the number of waiters; {@link abortPending} tells a waiter whose abort is still to be dispatched.
 * - The select protocol: the keys {@link selectTry} and {@link selectWait}, {@link isSelectable},
 *   {@link implementSelectable} to give a class the two methods (so that bundlers can drop it when
 *   unused), and {@link Wakers} for primitives whose readiness is an event. The {@link Selectable} type is also on
 *   the main entry, since user code names it (to type a branch of `select`, or a function taking any
 *   selectable).
 * - Time: {@link setDefaultClock} to install a {@link Clock} (as `TestClock.install()` does) and
 *   {@link hostClock}, the host's clock it replaces; both are one per process, whatever the number of
 *   copies of `@async/core` loaded.
 * - Promises: {@link Settlement}, one shared reaction per promise, for waits that may give up before it
 *   settles (a long-lived promise raced by many selects keeps one reaction, not one per select).
 * - Arguments: {@link describe} and the `check*` functions ({@link checkOptions}, {@link checkInteger}, …),
 *   whose errors name the parameter and what came.
 * - Errors: {@link hasErrorCode}, the brand check behind every error class's static `is`.
 *
 * Apart from the types `Selectable`, `Clock` and `ScheduleOptions` (here too, so that an implementer needs
 * one import), none of these is on the main entry, which stays the API an application uses.
 *
 * @module protocol
 */

export { abortPending, unwatchAbort, watchAbort } from './abort-watch';
export { ArrayQueue } from './array-queue';
export { BatchSemaphore, PermitWaiter } from './batch-semaphore';
export { type Clock, hostClock, type ScheduleOptions, setDefaultClock } from './clock';
export { hasErrorCode } from './errors';
export { PromiseWaiter } from './promise-waiter';
export {
  implementSelectable,
  isSelectable,
  type Selectable,
  type SelectMethods,
  selectTry,
  selectWait,
} from './selectable';
export { Settlement } from './settlement';
export {
  checkBoolean,
  checkClock,
  checkFunction,
  checkInteger,
  checkNumber,
  checkOptions,
  checkSignal,
  checkString,
  describe,
} from './validate';
export { dequeue, Waiter, WaitQueue } from './wait-queue';
export { Wakers } from './wakers';
