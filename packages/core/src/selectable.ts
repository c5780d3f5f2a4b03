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

/** The two methods of the select protocol, as {@link implementSelectable} puts them on a class. */
export interface SelectMethods<S, T> {
  /** Becomes `[selectTry]`: completes now if it can, consuming only then. */
  try(this: S): { value: T } | undefined;
  /** Becomes `[selectWait]`: registers interest; returns the unregistration. */
  wait(this: S, wake: () => void): () => void;
}

/**
 * Makes the instances of a class selectable: puts `methods.try` and `methods.wait` on `type.prototype`
 * as its `[selectTry]` and `[selectWait]` methods. Returns `true`, for the static field it initialises.
 *
 * Why not write `[selectTry]() {…}` in the class body: a method under a computed key that is an
 * imported binding could run code when the class is defined (the key might be an object with a
 * `toString`), so bundlers keep such a class, and all it refers to, in every bundle that includes its
 * module, used or not. A static field initialised by a call marked pure (a `@__PURE__` block comment
 * before it) is code they may drop with the class when nothing uses it, and it runs once, when the class is defined: the
 * methods are ordinary prototype methods, as fast to call as any.
 *
 * @example
 * ```ts
 * import { select } from '@async/core';
 * import { implementSelectable, selectTry, selectWait } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * class Flag {
 *   raised = false;
 *   declare [selectTry]: () => { value: true } | undefined;
 *   declare [selectWait]: (wake: () => void) => () => void;
 *   // In a package, a `@__PURE__` block comment goes before the call.
 *   static readonly selectable = implementSelectable(this, {
 *     try(this: Flag) {
 *       return this.raised ? { value: true as const } : undefined;
 *     },
 *     wait: () => () => {},
 *   });
 * }
 *
 * const flag = new Flag();
 * flag.raised = true;
 * assert.deepEqual(await select({ flag }), { key: 'flag', value: true });
 * ```
 */
export function implementSelectable<S extends object, T>(
  type: { readonly prototype: S },
  methods: SelectMethods<S, T>,
): true {
  // Plain assignments: symbol keys never show in `for…in`, `Object.keys` or a spread of an instance.
  const prototype = type.prototype as Record<symbol, unknown>;
  prototype[selectTry] = methods.try;
  prototype[selectWait] = methods.wait;
  return true;
}
