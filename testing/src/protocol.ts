/**
 * The select protocol as the kit sees it: the two `Symbol.for` keys, read without importing them, so
 * that the kit checks any implementer (whichever entry point of `@async/core` exports the symbols,
 * and whichever copy of core the implementer was built against).
 */
import type { select } from '@async/core';

const TRY = Symbol.for('@async/select.try');
const WAIT = Symbol.for('@async/select.wait');

/** What a `[selectTry]()` returned. */
export type TryResult = { value: unknown } | undefined;

interface Protocol {
  [TRY](): TryResult;
  [WAIT](wake: () => void): () => void;
}

/** Whether `x` implements the select protocol (both keys are functions). */
export function isSelectable(x: unknown): boolean {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Partial<Protocol>)[TRY] === 'function' &&
    typeof (x as Partial<Protocol>)[WAIT] === 'function'
  );
}

/** Calls `branch[selectTry]()`. */
export function trySelect(branch: object): TryResult {
  return (branch as Protocol)[TRY]();
}

/** Calls `branch[selectWait](wake)` and returns the unregistration. */
export function registerWake(branch: object, wake: () => void): () => void {
  return (branch as Protocol)[WAIT](wake);
}

/** A branch of `select`, as `select` itself types it. */
export type SelectBranch = NonNullable<Parameters<typeof select>[0][string]>;
