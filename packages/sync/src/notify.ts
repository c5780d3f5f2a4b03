/**
 * `Notify`: wakes one waiting task, or all of them, without carrying data (tokio's `sync::Notify`).
 */
import type { Selectable, WaitOptions } from '@async/core';
import {
  abortPending,
  implementSelectable,
  PromiseWaiter,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { isAborted } from './validate';

const INIT = 0; // not waiting
const QUEUED = 1; // in the notify's queue
const NOTIFIED = 2; // holds a notification nobody has observed yet
const DONE = 3; // completed

const resolved: Promise<undefined> = /* @__PURE__ */ Promise.resolve(undefined);
const readyResult = { value: undefined } as const;

/** The entry of a {@link Notified} in its notify's queue, and the settling of its promise. */
class NotifyWaiter extends PromiseWaiter<undefined> {
  readonly owner: Notified;
  constructor(owner: Notified) {
    super();
    this.owner = owner;
  }
  deliver(fromOne: boolean): void {
    this.owner.deliver(fromOne);
  }
  onAbort(reason: unknown): void {
    this.owner.aborted(reason);
  }
}

const REGISTERED = 0; // in the notify's queue
const HOLDS_ONE = 1; // woken by a `notifyOne`, whose notification counts in its Notified's `held`
const UNREGISTERED = 2; // woken by `notifyWaiters`, or unregistered

/**
 * A further registration of a {@link Notified} by a `select`, made while another select's registration
 * holds the Notified's own entry: a place of its own in the notify's queue, with its own wake, so that
 * one Notified raced by several selects at once keeps a place for each of them.
 */
class NotifyRegistration extends Waiter {
  readonly owner: Notified;
  wake: (() => void) | undefined;
  state = REGISTERED;
  constructor(owner: Notified, wake: () => void) {
    super();
    this.owner = owner;
    this.wake = wake;
  }
  deliver(fromOne: boolean): void {
    const wake = this.wake!;
    this.wake = undefined;
    if (fromOne) {
      this.state = HOLDS_ONE;
      this.owner.held++;
    } else this.state = UNREGISTERED; // its select's try sees the new generation
    wake();
  }
  unregister(): void {
    const state = this.state;
    this.state = UNREGISTERED;
    this.wake = undefined;
    const owner = this.owner;
    if (state === REGISTERED) owner.notify.queue.remove(this);
    else if (state === HOLDS_ONE && owner.held > 0) {
      // Woken but not taken (no try took a held notification since): pass it on.
      owner.held--;
      owner.notify.notifyOne();
    }
  }
  onAbort(): void {} // it watches no signal: select itself is aborted, and unregisters it
}

/** An entry of a notify's queue: a {@link Notified}'s own, or a further select registration of it. */
type NotifyEntry = NotifyWaiter | NotifyRegistration;

const unregistered = (): void => {};

/**
 * One wait for a {@link Notify}, created by {@link Notify.notified}. Await it, race it in `select`
 * (it is a `Selectable`), or `enable()` it first to be queued without awaiting yet.
 *
 * It is woken by `notifyWaiters()` calls made after its creation, even before it is awaited, and by a
 * `notifyOne()` once it is queued (awaited, enabled or registered by `select`) or through the stored
 * permit.
 *
 * **Cancel safety:** a `Notified` that loses a `select`, or is disposed, after `notifyOne()` chose it
 * passes that notification on to the next waiter (or stores it as the permit): nothing is lost. One
 * `Notified` may be raced by several selects at once: each waits in its own place in the queue, and
 * each `notifyOne()` serves one of them.
 */
export class Notified implements PromiseLike<undefined>, Selectable<undefined>, Disposable {
  /** @internal */
  readonly notify: Notify;
  /**
   * @internal `notifyOne` notifications delivered to its further select registrations that no try
   * has taken yet. They are interchangeable, so a try takes any of them.
   */
  held = 0;
  readonly #generation: number;
  readonly #signal: AbortSignal | undefined;
  #state = INIT;
  /** Whether the held notification came from `notifyOne` (and must be passed on if unobserved). */
  #fromOne = false;
  #promise: Promise<undefined> | undefined = undefined;
  #wake: (() => void) | undefined = undefined;
  /** Its entry in the notify's queue, made when it first needs one. */
  #waiter: NotifyWaiter | undefined = undefined;

  /** @internal */
  constructor(notify: Notify, generation: number, signal: AbortSignal | undefined) {
    this.notify = notify;
    this.#generation = generation;
    this.#signal = signal;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Notified is awaited, as tokio's `Notified` future is.
  then<A = undefined, B = never>(
    onFulfilled?: ((value: undefined) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#promise ??= this.#start();
    return this.#promise.then(onFulfilled, onRejected);
  }

  #start(): Promise<undefined> {
    const signal = this.#signal;
    if (signal?.aborted) {
      this.#leave();
      return Promise.reject(signal.reason);
    }
    if (this.#take()) return resolved;
    const waiter = this.#entry();
    const promise = waiter.promise();
    if (this.#state === INIT) this.#enqueue();
    if (signal !== undefined) watchAbort(waiter, signal);
    return promise;
  }

  /**
   * Queues this wait without awaiting it, so that a `notifyOne()` from now on reaches it (tokio's
   * `enable`). Returns `true` if it is already notified.
   *
   * @example
   * ```ts
   * import { Notify } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const notify = new Notify();
   * const wait = notify.notified();
   * assert.equal(wait.enable(), false);
   * notify.notifyOne(); // reaches the enabled wait, stores no permit
   * await wait;
   * ```
   */
  enable(): boolean {
    if (this.#state === QUEUED) return false;
    if (this.#state !== INIT) return true;
    const notify = this.notify;
    if (notify.generation !== this.#generation || notify.permit) {
      this.#fromOne = notify.generation === this.#generation;
      if (this.#fromOne) notify.permit = false;
      this.#state = NOTIFIED;
      return true;
    }
    this.#enqueue();
    return false;
  }

  declare [selectTry]: () => { value: undefined } | undefined;
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.held > 0) {
        this.held--;
        return readyResult;
      }
      return this.#take() ? readyResult : undefined;
    },
    wait(wake) {
      if (this.held > 0) {
        wake();
        return unregistered;
      }
      if (this.#state === INIT && !this.#ready()) this.#enqueue();
      if (this.#state !== QUEUED) {
        wake();
        return unregistered;
      }
      if (this.#wake !== undefined) {
        // Another select waits on this Notified's own entry: this one gets a place of its own.
        const registration = new NotifyRegistration(this, wake);
        this.notify.queue.push(registration);
        return () => registration.unregister();
      }
      this.#wake = wake;
      let registered = true;
      return () => {
        if (!registered) return;
        registered = false;
        if (this.#wake === wake) this.#wake = undefined;
        if (this.#promise === undefined) this.#leave();
      };
    },
  });

  /**
   * Gives up a wait that was enabled or raced but not awaited: it leaves the queue, and a held,
   * unobserved `notifyOne` notification is passed on (tokio's drop of a `Notified`).
   */
  [Symbol.dispose](): void {
    if (this.#promise === undefined) this.#leave();
  }

  /** @internal Called by the notify, which removed this wait's entry from its queue. */
  deliver(fromOne: boolean): void {
    const waiter = this.#waiter!;
    unwatchAbort(waiter);
    if (this.#promise !== undefined) {
      this.#state = DONE;
      waiter.resolve(undefined);
      return;
    }
    this.#state = NOTIFIED;
    this.#fromOne = fromOne;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** @internal Its signal aborted while it waited. */
  aborted(reason: unknown): void {
    this.#leave();
    this.#state = DONE;
    this.#waiter!.reject(reason);
  }

  /** Whether a notification is available without consuming it. */
  #ready(): boolean {
    return this.notify.generation !== this.#generation || this.notify.permit;
  }

  /** Consumes a notification if one is available. */
  #take(): boolean {
    const state = this.#state;
    if (state === DONE) return true;
    if (state === NOTIFIED) {
      this.#state = DONE;
      return true;
    }
    if (this.notify.generation !== this.#generation) {
      if (state === QUEUED) this.notify.queue.remove(this.#waiter!);
      this.#state = DONE;
      return true;
    }
    if (state === INIT && this.notify.permit) {
      this.notify.permit = false;
      this.#state = DONE;
      return true;
    }
    return false;
  }

  #entry(): NotifyWaiter {
    return (this.#waiter ??= new NotifyWaiter(this));
  }

  #enqueue(): void {
    this.#state = QUEUED;
    this.notify.queue.push(this.#entry());
  }

  #leave(): void {
    if (this.#state === QUEUED) {
      const waiter = this.#waiter!;
      this.notify.queue.remove(waiter);
      unwatchAbort(waiter);
      this.#state = INIT;
    } else if (this.#state === NOTIFIED) {
      this.#state = INIT;
      if (this.#fromOne) this.notify.notifyOne();
    }
  }
}

/**
 * Wakes tasks without passing data: `notifyOne()` wakes the oldest waiter or, if none waits, stores
 * **one** permit for the next; `notifyWaiters()` wakes everyone waiting now and stores nothing.
 *
 * Use it for "something changed, go and look" signals; to carry data use `@async/channels`.
 *
 * @example
 * ```ts
 * import { Notify } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const notify = new Notify();
 * notify.notifyOne(); // nobody waits: stored as a permit
 * notify.notifyOne(); // still one permit
 * await notify.notified(); // consumes it at once
 * let woken = false;
 * const waiting = notify.notified().then(() => (woken = true));
 * await Promise.resolve();
 * assert.equal(woken, false);
 * notify.notifyOne();
 * await waiting;
 * assert.equal(woken, true);
 * ```
 */
export class Notify {
  /** @internal Whether a `notifyOne` is stored. */
  permit = false;
  /** @internal Counts `notifyWaiters` calls. */
  generation = 0;
  /** @internal */
  readonly queue = new WaitQueue<NotifyEntry>();

  /**
   * A wait for the next notification. Nothing happens until it is awaited, enabled or raced in
   * `select`, except that a later `notifyWaiters()` reaches it in any case. Rejects with
   * `signal.reason` if the signal aborts while it waits.
   *
   * **Cancel safety:** cancel safe. Aborting loses the place in the queue; a notification already
   * delivered is never lost (see {@link Notified}).
   *
   * @example
   * ```ts
   * import { Notify } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const notify = new Notify();
   * const before = notify.notified(); // created before notifyWaiters: woken by it, though not awaited yet
   * notify.notifyWaiters();
   * await before;
   * const controller = new AbortController();
   * const after = notify.notified({ signal: controller.signal });
   * controller.abort(new Error('stop'));
   * await assert.rejects(Promise.resolve(after), /stop/);
   * ```
   */
  notified(options?: WaitOptions): Notified {
    const signal = options?.signal;
    if (signal !== undefined) isAborted(signal); // checks that it is a signal, at the call
    return new Notified(this, this.generation, signal);
  }

  /**
   * Wakes the oldest queued waiter; if nobody is queued, stores one permit (several calls still store
   * one) that the next wait consumes at once.
   *
   * @example
   * ```ts
   * import { Notify } from '@async/sync';
   *
   * const notify = new Notify();
   * const first = notify.notified();
   * const second = notify.notified();
   * first.enable();
   * second.enable();
   * notify.notifyOne(); // FIFO: wakes `first` only
   * await first;
   * notify.notifyOne();
   * await second;
   * ```
   */
  notifyOne(): void {
    const queue = this.queue;
    for (let waiter = queue.shift(); waiter !== undefined; waiter = queue.shift()) {
      // A waiter whose signal is aborting right now (its `onAbort` still to come) is leaving: it only
      // leaves the queue here, and its `onAbort` rejects it.
      if (abortPending(waiter)) continue;
      waiter.deliver(true);
      return;
    }
    this.permit = true;
  }

  /**
   * Wakes every wait created before this call (queued or not) and stores no permit.
   *
   * @example
   * ```ts
   * import { Notify } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const notify = new Notify();
   * const waits = [notify.notified(), notify.notified()];
   * notify.notifyWaiters();
   * await Promise.all(waits);
   * assert.equal(notify.notified().enable(), false); // no permit was stored
   * ```
   */
  notifyWaiters(): void {
    this.generation++;
    const queue = this.queue;
    for (let waiter = queue.shift(); waiter !== undefined; waiter = queue.shift()) {
      if (!abortPending(waiter)) waiter.deliver(false);
    }
  }
}
