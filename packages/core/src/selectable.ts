/**
 * The select protocol: how an operation takes part in `select` without losing anything when it loses.
 *
 * The keys are `Symbol.for` symbols, so two copies of `@async/core` (ESM and CJS, or two versions)
 * understand each other's selectables.
 *
 * The contract, for implementers:
 * - `[selectTry]()` is synchronous. It returns `{ value }` when the operation completes now, consuming
 *   what it takes (a message, a permit); otherwise `undefined`, consuming nothing. It may throw, which
 *   completes the operation with that error (as awaiting it would).
 * - `[selectWait](wake)` registers interest without consuming, and returns an `unregister` function.
 *   The implementer calls `wake()` at most once, synchronously, when a `[selectTry]()` may now succeed,
 *   after its own state is consistent; it may do so from inside `[selectWait]` itself, if the
 *   operation became ready in between. `select` calls `[selectTry]()` from inside `wake`, so nothing
 *   can slip in between; if that try comes back empty it registers again. `unregister` is idempotent
 *   and may be called after `wake`.
 * - One selectable may be registered by several selects at once (two tasks racing one receiver, or
 *   one branch object kept across loops). Each `[selectWait]` call is an independent registration,
 *   with its own wake and its own `unregister`: a later registration never replaces an earlier one,
 *   and unregistering one leaves the others in place. A registration woken but unregistered without
 *   a successful try (its select won elsewhere first) hands what it was given on, to the next
 *   registration or waiter.
 */

/** Key of the synchronous attempt of the select protocol. */
export const selectTry: unique symbol = Symbol.for('@async/select.try') as never;
/** Key of the registration of the select protocol. */
export const selectWait: unique symbol = Symbol.for('@async/select.wait') as never;

/** An operation that `select` can race without consuming anything when it loses. */
export interface Selectable<T> {
  /** Completes now if it can, consuming only then. */
  [selectTry](): { value: T } | undefined;
  /** Registers interest; `wake` is called at most once. Returns the unregistration. */
  [selectWait](wake: () => void): () => void;
}

/** Whether `x` implements the select protocol. */
export function isSelectable(x: unknown): x is Selectable<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Partial<Selectable<unknown>>)[selectTry] === 'function' &&
    typeof (x as Partial<Selectable<unknown>>)[selectWait] === 'function'
  );
}
