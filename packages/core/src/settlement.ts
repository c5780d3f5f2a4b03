/**
 * `Settlement`: one reaction per promise, shared by every wait on it.
 *
 * # Implementation notes
 *
 * A promise cannot take a reaction back. A loop that races the same long-lived promise on every turn
 * (`select({ msg: rx, shutdown })`, `timeout(ms, samePromise, { signal })`) and attached a `then` each
 * time would leave one reaction per turn on it, each holding its select or call alive until the
 * promise settles: about a kilobyte per turn, without bound.
 *
 * So the first wait on a promise attaches the only reaction it will get, which records the outcome in
 * a `Settlement` kept in a `WeakMap` beside the promise (collected with it); later waits find the
 * record and join its {@link Wakers}, a FIFO with O(1) removal, and leave it when they lose. When the
 * promise settles, the record keeps the outcome and wakes everyone registered; whoever comes later
 * reads the outcome at once. A rejection is thereby handled, as racing a promise has always handled it.
 */
import { implementSelectable, type Selectable, selectTry, selectWait } from './selectable';
import { Wakers } from './wakers';

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

const settlements = new WeakMap<object, Settlement<unknown>>();

/**
 * The outcome of a promise as a {@link Selectable}, shared by every wait on that promise: a loop that
 * races one long-lived promise keeps nothing per turn. `select` uses it for its promise branches.
 *
 * Implementer API: for primitives that wait on a promise the caller gives them (as `timeout` does) and
 * may stop waiting before it settles. The contract:
 * - {@link Settlement.of} returns the one record of a promise (or other thenable), attaching its only
 *   reaction on first use. A `then` that throws counts as a rejection.
 * - `[selectTry]()` returns `{ value }` once the promise fulfilled, throws its reason once it
 *   rejected, and returns `undefined` while it is pending. Reading consumes nothing.
 * - `[selectWait](wake)` registers `wake` and returns its idempotent unregistration, O(1); call it
 *   as soon as you stop waiting. `wake` is called once, synchronously, when the outcome is known,
 *   from inside `[selectWait]` itself if it already is.
 *
 * @example
 * ```ts
 * import { Settlement, selectTry, selectWait } from '@async/core/protocol';
 * import assert from 'node:assert/strict';
 *
 * let open!: (value: string) => void;
 * const shared = new Promise<string>((resolve) => (open = resolve));
 * const settlement = Settlement.of(shared);
 * assert.equal(Settlement.of(shared), settlement); // one record, one reaction, however many waits
 *
 * const unregister = settlement[selectWait](() => {}); // a wait that gives up...
 * unregister(); // ...leaves nothing behind
 *
 * const woken = new Promise<string>((resolve) => {
 *   settlement[selectWait](() => resolve(settlement[selectTry]()!.value));
 * });
 * open('ready');
 * assert.equal(await woken, 'ready');
 * ```
 */
export class Settlement<T> implements Selectable<T> {
  private state = PENDING;
  private outcome: unknown = undefined;
  private wakers: Wakers | undefined = undefined;

  private constructor(promise: PromiseLike<T>) {
    try {
      promise.then(this.fulfil, this.reject);
    } catch (error) {
      this.reject(error);
    }
  }

  /** The one record of `promise`'s outcome, created (with the promise's only reaction) on first use. */
  static of<T>(promise: PromiseLike<T>): Settlement<T> {
    let settlement = settlements.get(promise) as Settlement<T> | undefined;
    if (settlement === undefined) {
      settlement = new Settlement(promise);
      settlements.set(promise, settlement as Settlement<unknown>);
    }
    return settlement;
  }

  /** Whether the promise has settled (its reaction has run). */
  get isSettled(): boolean {
    return this.state !== PENDING;
  }

  private readonly fulfil = (value: T): void => this.settle(FULFILLED, value);
  private readonly reject = (reason: unknown): void => this.settle(REJECTED, reason);

  private settle(state: number, outcome: unknown): void {
    if (this.state !== PENDING) return;
    this.state = state;
    this.outcome = outcome;
    const wakers = this.wakers;
    this.wakers = undefined;
    wakers?.wakeAll();
  }

  /** select protocol: the value once fulfilled; throws the reason once rejected. */
  declare [selectTry]: () => { value: T } | undefined;
  /** select protocol: `wake` once settled (at once if it is); returns the unregistration. */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.state === FULFILLED) return { value: this.outcome };
      if (this.state === REJECTED) throw this.outcome;
      return undefined;
    },
    wait(wake) {
      if (this.state !== PENDING) {
        wake();
        return noop;
      }
      return (this.wakers ??= new Wakers()).add(wake);
    },
  });
}

function noop(): void {}
