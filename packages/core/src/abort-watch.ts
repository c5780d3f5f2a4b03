/**
 * Abort bookkeeping shared by every waiting operation of `@async`.
 *
 * # Implementation notes
 *
 * A program often passes one long-lived signal (a request's, a server's) to millions of operations.
 * Adding an event listener per waiting operation would cost a walk of the signal's listener list per
 * removal, and grow that list with the number of waiters. Instead each signal gets **one** listener,
 * attached when the first operation on it has to wait, and a linked table of the waiters watching it,
 * kept in the waiters themselves (see {@link Waiter}). Watching and unwatching are O(1) and allocate
 * nothing after the first waiter.
 *
 * When the table empties, the listener is not removed at once: a loop that waits on the same signal
 * again in the next microtask would re-attach it every time. Removal is deferred to a microtask and
 * skipped if a waiter came back. So no listener remains once the operations using a signal have
 * settled and the current microtask checkpoint has passed, and no host timer is involved.
 *
 * Telling waiters never recurses. A waiter's `onAbort` often aborts another signal (a task's own, a
 * scope's, a token's), whose waiters abort further signals: a chain of 100,000 tasks, each spawned
 * with the previous one's signal, would nest 100,000 event dispatches and overflow the stack. So a
 * table whose signal aborts while another table is telling its waiters is queued, and the outermost
 * call tells it after its own waiters, in a loop. Everything is still told before the first `abort()`
 * returns. A waiter whose `onAbort` throws does not keep the others from being told: the first error
 * is rethrown once all are, from the signal's listener, where the host reports it.
 */
import type { Waiter } from './wait-queue';

/** Whether a table is telling its waiters now; another signal aborting meanwhile is queued. */
let notifying = false;
/** Tables whose signal aborted while `notifying`, in the order they aborted. */
const queued: SignalTable[] = [];

class SignalTable {
  head: Waiter | undefined = undefined;
  tail: Waiter | undefined = undefined;
  detachScheduled = false;
  readonly signal: AbortSignal;
  constructor(signal: AbortSignal) {
    this.signal = signal;
  }
  readonly onAbort = (): void => {
    if (notifying) {
      queued.push(this);
      return;
    }
    notifying = true;
    let failure: { error: unknown } | undefined;
    try {
      failure = this.notify(failure);
      for (let i = 0; i < queued.length; i++) failure = queued[i]!.notify(failure);
    } finally {
      queued.length = 0;
      notifying = false;
    }
    if (failure !== undefined) throw failure.error;
  };
  /** Tells every waiter, unlinking each first; returns the first error one threw (or `failure`). */
  notify(failure: { error: unknown } | undefined): { error: unknown } | undefined {
    const reason = this.signal.reason;
    // The table stays in place while waiters are told: an `onAbort` may unwatch a later waiter (to
    // hand it a permit, say), which must find it still linked. Each waiter is unlinked before it is told.
    for (let waiter = this.head; waiter !== undefined; waiter = this.head) {
      this.head = waiter.abortNext;
      if (this.head === undefined) this.tail = undefined;
      else this.head.abortPrev = undefined;
      waiter.watchedSignal = waiter.abortPrev = waiter.abortNext = undefined;
      try {
        waiter.onAbort(reason);
      } catch (error) {
        failure ??= { error };
      }
    }
    tables.delete(this.signal);
    return failure;
  }
  readonly detachIfIdle = (): void => {
    this.detachScheduled = false;
    if (this.head !== undefined || tables.get(this.signal) !== this) return;
    tables.delete(this.signal);
    this.signal.removeEventListener('abort', this.onAbort);
  };
}

const tables = new WeakMap<AbortSignal, SignalTable>();
const resolved = /* @__PURE__ */ Promise.resolve();

/**
 * Makes `waiter.onAbort(reason)` run when `signal` aborts, until {@link unwatchAbort}.
 * The signal must not be aborted already: callers check `signal.aborted` first and fail at once.
 */
export function watchAbort(waiter: Waiter, signal: AbortSignal): void {
  let table = tables.get(signal);
  if (table === undefined) {
    table = new SignalTable(signal);
    tables.set(signal, table);
    signal.addEventListener('abort', table.onAbort, { once: true });
  }
  // Appended, so that waiters are told of an abort in the order they started watching, as plain
  // listeners of the signal would be.
  waiter.watchedSignal = signal;
  waiter.abortPrev = table.tail;
  waiter.abortNext = undefined;
  if (table.tail === undefined) table.head = waiter;
  else table.tail.abortNext = waiter;
  table.tail = waiter;
}

/** Stops `waiter` from watching its signal, if it watches one. O(1). */
export function unwatchAbort(waiter: Waiter): void {
  const signal = waiter.watchedSignal;
  if (signal === undefined) return;
  const table = tables.get(signal)!;
  const { abortPrev, abortNext } = waiter;
  if (abortPrev === undefined) table.head = abortNext;
  else abortPrev.abortNext = abortNext;
  if (abortNext === undefined) table.tail = abortPrev;
  else abortNext.abortPrev = abortPrev;
  waiter.watchedSignal = waiter.abortPrev = waiter.abortNext = undefined;
  if (table.head === undefined && !table.detachScheduled) {
    table.detachScheduled = true;
    // A resolved promise's reaction, not queueMicrotask: Node wraps every queueMicrotask callback
    // in an AsyncResource, which costs more than the whole wait on a hot path.
    resolved.then(table.detachIfIdle);
  }
}

/**
 * Whether `waiter`'s signal has aborted and its `onAbort` is still to come. A signal watched by several
 * waiters tells them one by one; while it does, a primitive handing out a permit or a wake-up skips
 * the waiters that are leaving, so nothing is given to a wait that is about to reject.
 */
export function abortPending(waiter: Waiter): boolean {
  return waiter.watchedSignal?.aborted === true;
}
