/**
 * `CancellationToken`: a tree-shaped cancellation signal, as tokio-util's.
 *
 * # Implementation notes
 *
 * It is not built on `AbortSignal.any`, which keeps a reference from a long-lived parent to every
 * child signal ever derived. A parent holds its children in a set, and a child leaves it when it is
 * cancelled or disposed; so with a long-lived parent, dispose children you are done with
 * (`using child = parent.child()`). Its `signal` is created on first use: an `AbortSignal` is
 * costly, and many tokens are only ever awaited or selected on.
 */
import { CancelledError } from './errors';
import { type Selectable, selectTry, selectWait } from './selectable';
import { Wakers } from './wakers';

/**
 * A cancellation signal that can be awaited, selected on, bridged to an `AbortSignal`, and split
 * into child tokens: cancelling a token cancels its children, never its parent.
 *
 * Disposing a token cancels it (tokio's drop guard): `using token = parent.child()` cancels the child
 * when the block ends, and takes it out of its parent.
 *
 * @example
 * ```ts
 * import { CancellationToken } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const root = new CancellationToken();
 * const worker = root.child();
 * const stopped = worker.cancelled().then(() => 'stopped');
 * root.cancel();
 * assert.equal(await stopped, 'stopped');
 * assert.ok(worker.isCancelled && worker.signal.aborted);
 * ```
 */
export class CancellationToken implements Selectable<undefined>, Disposable {
  private cancelledWith: { reason: unknown } | undefined = undefined;
  private parent: CancellationToken | undefined = undefined;
  private children: Set<CancellationToken> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private wakers: Wakers | undefined = undefined;
  private whenCancelled: Promise<void> | undefined = undefined;
  private resolveCancelled: (() => void) | undefined = undefined;

  /** Whether the token has been cancelled. */
  get isCancelled(): boolean {
    return this.cancelledWith !== undefined;
  }

  /** The reason given to {@link CancellationToken.cancel}, once cancelled. */
  get reason(): unknown {
    return this.cancelledWith?.reason;
  }

  /**
   * Cancels this token and, before returning, every descendant. Harmless if already cancelled.
   * @param reason - the abort reason of {@link CancellationToken.signal}; a `CancelledError` by default.
   */
  cancel(reason: unknown = new CancelledError('The token was cancelled')): void {
    if (this.cancelledWith !== undefined) return;
    this.cancelledWith = { reason };
    this.parent?.children?.delete(this);
    this.parent = undefined;
    this.controller?.abort(reason);
    this.resolveCancelled?.();
    this.wakers?.wakeAll();
    const children = this.children;
    this.children = undefined;
    if (children !== undefined) for (const child of children) child.cancel(reason);
  }

  /**
   * Resolves once the token is cancelled (at once if it already is). Never rejects.
   *
   * **Cancel safety:** safe; every call returns the same promise, and waiting consumes nothing.
   */
  cancelled(): Promise<void> {
    if (this.whenCancelled === undefined) {
      this.whenCancelled =
        this.cancelledWith !== undefined
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              this.resolveCancelled = resolve;
            });
    }
    return this.whenCancelled;
  }

  /** A new token that is cancelled with this one (at once, if this one already is). */
  child(): CancellationToken {
    const child = new CancellationToken();
    if (this.cancelledWith !== undefined) {
      child.cancel(this.cancelledWith.reason);
    } else {
      child.parent = this;
      (this.children ??= new Set()).add(child);
    }
    return child;
  }

  /** An `AbortSignal` aborted when the token is cancelled, with its reason, for APIs that take one. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.cancelledWith !== undefined) this.controller.abort(this.cancelledWith.reason);
    }
    return this.controller.signal;
  }

  /**
   * Runs `op` until it settles or the token is cancelled, whichever comes first: its value, or
   * `undefined` if the token was cancelled first (at once if it already is). Unlike a
   * `Promise.race` with {@link CancellationToken.cancelled}, it leaves nothing behind on a long-lived
   * token once `op` settles.
   */
  runUntilCancelled<T>(op: PromiseLike<T>): Promise<T | undefined> {
    if (this.cancelledWith !== undefined) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const unregister = this[selectWait](() => resolve(undefined));
      op.then(
        (value) => {
          unregister();
          resolve(value);
        },
        (error: unknown) => {
          unregister();
          reject(error);
        },
      );
    });
  }

  /** A guard that cancels this token when disposed, unless `disarm()` was called first. */
  dropGuard(): Disposable & { disarm(): CancellationToken } {
    let armed = true;
    return {
      disarm: () => {
        armed = false;
        return this;
      },
      [Symbol.dispose]: () => {
        if (armed) this.cancel();
      },
    };
  }

  /** Cancels the token: `using token = parent.child()` cancels the child at the end of the block. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Select protocol: ready once cancelled. @hidden */
  [selectTry](): { value: undefined } | undefined {
    return this.cancelledWith !== undefined ? { value: undefined } : undefined;
  }

  /** Select protocol. @hidden */
  [selectWait](wake: () => void): () => void {
    return (this.wakers ??= new Wakers()).add(wake);
  }
}
