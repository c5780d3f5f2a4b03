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
import { unwatchAbort, watchAbort } from './abort-watch';
import { CancelledError } from './errors';
import { implementSelectable, type Selectable, selectTry, selectWait } from './selectable';
import { checkSignal, describe } from './validate';
import { Waiter } from './wait-queue';
import { Wakers } from './wakers';

/** Cancels a token made by {@link CancellationToken.fromSignal} when its signal aborts. */
class SignalLink extends Waiter {
  constructor(readonly token: CancellationToken) {
    super();
  }
  onAbort(reason: unknown): void {
    this.token.cancel(reason);
  }
}

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
  private wasCancelled = false;
  private cancelReason: unknown = undefined;
  private parent: CancellationToken | undefined = undefined;
  private children: Set<CancellationToken> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private wakers: Wakers | undefined = undefined;
  private whenCancelled: Promise<void> | undefined = undefined;
  private resolveCancelled: (() => void) | undefined = undefined;
  private link: SignalLink | undefined = undefined;

  /**
   * A token cancelled when `signal` aborts, with its reason (at once, if it already has): how a
   * program links `run`'s root signal, or a request's, to a tree of tokens.
   *
   * Every token made from one signal shares one listener on it (see `watchAbort`), however many there
   * are. A token leaves the signal's table when it is cancelled or disposed, so with a long-lived
   * signal, dispose the tokens you are done with (`using token = CancellationToken.fromSignal(s)`):
   * a token merely dropped stays reachable from the signal until the signal aborts or is collected.
   *
   * Throws a `TypeError` at the call if `signal` is not an `AbortSignal`.
   *
   * @example
   * ```ts
   * import { CancellationToken } from '@async/core';
   * import assert from 'node:assert/strict';
   *
   * const request = new AbortController();
   * const token = CancellationToken.fromSignal(request.signal);
   * const worker = token.child();
   * request.abort(new Error('client went away'));
   * assert.ok(token.isCancelled && worker.isCancelled);
   * assert.equal((worker.reason as Error).message, 'client went away');
   * ```
   */
  static fromSignal(signal: AbortSignal): CancellationToken {
    checkSignal(signal, 'CancellationToken.fromSignal: signal');
    const token = new CancellationToken();
    if (signal.aborted) token.cancel(signal.reason);
    else watchAbort((token.link = new SignalLink(token)), signal);
    return token;
  }

  /** Whether the token has been cancelled. */
  get isCancelled(): boolean {
    return this.wasCancelled;
  }

  /** The reason given to {@link CancellationToken.cancel}, once cancelled. */
  get reason(): unknown {
    return this.cancelReason;
  }

  /**
   * Cancels this token and, before returning, every descendant. Harmless if already cancelled.
   * @param reason - the abort reason of {@link CancellationToken.signal}; a `CancelledError` by default.
   */
  cancel(reason: unknown = new CancelledError('The token was cancelled')): void {
    if (this.wasCancelled) return;
    this.parent?.children?.delete(this);
    if (this.children === undefined) {
      this.markCancelled(reason, undefined);
      return;
    }
    // Descendants are cancelled in a loop, breadth first, not by recursion: a chain of 100,000
    // nested children must not overflow the stack. A `select` woken here that throws does not keep
    // any token from being cancelled; the first such error is rethrown at the end.
    const pending: CancellationToken[] = [this];
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < pending.length; i++) {
      try {
        pending[i]!.markCancelled(reason, pending);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  /** Cancels this token alone, queueing its children on `pending` (given when it has children). */
  private markCancelled(reason: unknown, pending: CancellationToken[] | undefined): void {
    if (this.wasCancelled) return;
    this.wasCancelled = true;
    this.cancelReason = reason;
    this.parent = undefined;
    if (this.link !== undefined) {
      unwatchAbort(this.link);
      this.link = undefined;
    }
    const children = this.children;
    this.children = undefined;
    if (children !== undefined) for (const child of children) pending!.push(child);
    this.controller?.abort(reason);
    this.resolveCancelled?.();
    this.wakers?.wakeAll();
  }

  /**
   * Resolves once the token is cancelled (at once if it already is). Never rejects.
   *
   * **Cancel safety:** safe; every call returns the same promise, and waiting consumes nothing.
   */
  cancelled(): Promise<void> {
    if (this.whenCancelled === undefined) {
      this.whenCancelled = this.wasCancelled
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
    if (this.wasCancelled) {
      child.cancel(this.cancelReason);
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
      if (this.wasCancelled) this.controller.abort(this.cancelReason);
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
    if (typeof (op as PromiseLike<T> | undefined)?.then !== 'function') {
      throw new TypeError(`CancellationToken.runUntilCancelled: op must be a promise, got ${describe(op)}`);
    }
    if (this.wasCancelled) return Promise.resolve(undefined);
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
  declare [selectTry]: () => { value: undefined } | undefined;
  /** Select protocol. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      return this.wasCancelled ? { value: undefined } : undefined;
    },
    wait(wake) {
      return (this.wakers ??= new Wakers()).add(wake);
    },
  });
}
