/**
 * Error conventions shared by every `@async` package.
 *
 * Every error class declares its code once, as `static readonly code`; each instance carries it as
 * `code`, and the inherited static `is(e)` recognises the class's errors by that code: an application
 * may load both the ESM and the CJS copy of a package (or two versions), and the copies' classes
 * differ. The brand is a `Symbol.for` key, which every copy of every package sees as the same symbol.
 * `instanceof` answers by the same brand (`Symbol.hasInstance`), so `e instanceof JoinError` holds
 * for a `JoinError` from any copy.
 */
const codeBrand = Symbol.for('@async/error-code');

const predicates = new WeakMap<object, (e: unknown) => boolean>();

/**
 * Whether `e` is an `@async` error with the given `code`, from whichever copy of the package threw it.
 * The check the static `is` of an error class makes; use it for a code whose class you do not import.
 *
 * @example
 * ```ts
 * import { CancelledError } from '@async/core';
 * import { hasErrorCode } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * assert.ok(hasErrorCode(new CancelledError(), 'ERR_CANCELLED'));
 * assert.ok(!hasErrorCode(new Error('x'), 'ERR_CANCELLED'));
 * ```
 */
export function hasErrorCode(e: unknown, code: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const brand = (e as { [codeBrand]?: unknown })[codeBrand];
  // `undefined` is `AsyncError`'s own code, whose `is` recognises any `@async` error.
  return code === undefined ? typeof brand === 'string' : brand === code;
}

/** The `is` of the error class it is read from: one predicate per class, made on first use. */
function predicateOf(this: { readonly code: string | undefined }): (e: unknown) => boolean {
  let predicate = predicates.get(this);
  if (predicate === undefined) {
    const code = this.code;
    predicate = (e) => hasErrorCode(e, code as string);
    predicates.set(this, predicate);
  }
  return predicate;
}

/** `AsyncError[Symbol.hasInstance]`, inherited by every error class: `this` is the class. */
function isInstance(
  this: { readonly code: string | undefined; readonly is: (e: unknown) => boolean },
  e: unknown,
): boolean {
  return Object.hasOwn(this, 'code') ? this.is(e) : Function.prototype[Symbol.hasInstance].call(this, e);
}

/**
 * Base class of `@async`'s errors: a stable `code`, recognisable across package copies.
 *
 * A subclass declares its code once, `static override readonly code = 'ERR_…'`: the instance's
 * `code` and the static `is` come from here. `instanceof` answers as `is` does, so that
 * `e instanceof JoinError` holds for a `JoinError` thrown by any copy of `@async/core` (the ESM or the
 * CJS build, or another version); a class without a code of its own answers by prototype.
 *
 * @example
 * ```ts
 * import { AsyncError } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * class QuotaError extends AsyncError {
 *   static override readonly code = 'ERR_QUOTA';
 *   declare static readonly is: (e: unknown) => e is QuotaError;
 *   override readonly name = 'QuotaError';
 * }
 *
 * const e = new QuotaError('over quota');
 * assert.equal(e.code, 'ERR_QUOTA');
 * assert.ok(QuotaError.is(e));
 * assert.ok(AsyncError.is(e)); // any `@async` error, from any copy
 * assert.ok(e instanceof QuotaError && e instanceof AsyncError); // the same check
 * assert.ok(!QuotaError.is(new Error('over quota')));
 * ```
 */
export abstract class AsyncError extends Error {
  /** The code of the class's errors, such as `ERR_JOIN`; every concrete subclass declares one. */
  static readonly code: string | undefined = undefined;

  /** A stable machine-readable code such as `ERR_JOIN`: the class's static `code`. */
  readonly code: string;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // A subclass that forgot its code still carries one, so that `AsyncError.is` knows it.
    this.code = (new.target as typeof AsyncError).code ?? 'ERR_ASYNC';
  }

  /** @internal The brand that `is` and `hasErrorCode` read, under a key every copy shares. */
  get [codeBrand](): string {
    return this.code;
  }

  /**
   * Whether `e` is an error of this class (one with its `code`), from whichever copy of the package
   * threw it; on `AsyncError` itself, whether `e` is any `@async` error. It works handed on unbound
   * (`assert.rejects(p, TimeoutError.is)`, `errors.filter(JoinError.is)`). A subclass inherits it and
   * narrows its type with `declare static readonly is: (e: unknown) => e is ItsClass`.
   */
  static get is(): (e: unknown) => e is AsyncError {
    // An accessor rather than a method, so that `X.is` taken off its class still knows the class.
    // biome-ignore lint/complexity/noThisInStatic: the class `is` is read from, maybe a subclass.
    return predicateOf.call(this) as (e: unknown) => e is AsyncError;
  }

  /**
   * `e instanceof X`: for an error class `X` that declares its own `code`, `X.is(e)`, so that an error
   * thrown by another copy of the package (its CJS build, another version) is an instance too; for a
   * class without a code of its own (an abstract base, or a subclass keeping its parent's code), the
   * ordinary prototype check.
   */
  static override readonly [Symbol.hasInstance]: (e: unknown) => boolean = isInstance;
}

/**
 * The reason `@async` gives an `AbortSignal` it aborts itself: a task aborted through its handle, the
 * losers of a `select`, the siblings of a failed `scope` member, a cancelled `CancellationToken`.
 * Its `name` is `'AbortError'`, as for the platform's own aborts.
 */
export class CancelledError extends AsyncError {
  static override readonly code = 'ERR_CANCELLED';
  declare static readonly is: (e: unknown) => e is CancelledError;
  override readonly name = 'AbortError';
  constructor(message = 'The operation was cancelled') {
    super(message);
  }
}

/**
 * Why a task did not produce its value: it was aborted (`isCancelled()`) or its function threw or
 * rejected (`isFailure()`). `cause` holds the abort reason or the thrown value.
 */
export class JoinError extends AsyncError {
  static override readonly code = 'ERR_JOIN';
  declare static readonly is: (e: unknown) => e is JoinError;
  override readonly name = 'JoinError';
  private readonly cancelled: boolean;
  constructor(cancelled: boolean, cause: unknown, taskName?: string) {
    const task = taskName === undefined ? 'task' : `task '${taskName}'`;
    super(cancelled ? `${task} was cancelled` : `${task} failed: ${describe(cause)}`, { cause });
    this.cancelled = cancelled;
  }
  /** The task was aborted before it finished. */
  isCancelled(): boolean {
    return this.cancelled;
  }
  /** The task's function threw or rejected (tokio's `is_panic`). */
  isFailure(): boolean {
    return !this.cancelled;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
