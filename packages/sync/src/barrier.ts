/**
 * `Barrier`: lets `n` tasks wait for each other, once per generation (tokio's `sync::Barrier`).
 */
import type { WaitOptions } from '@async/core';
import {
  abortPending,
  checkInteger,
  PromiseWaiter,
  unwatchAbort,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { isAborted } from './validate';

/** What {@link Barrier.wait} resolves to. */
export interface BarrierWaitResult {
  /** `true` for exactly one waiter of each generation: the one whose arrival released it. */
  readonly isLeader: boolean;
}

const LEADER: BarrierWaitResult = /* @__PURE__ */ Object.freeze({ isLeader: true });
const FOLLOWER: BarrierWaitResult = /* @__PURE__ */ Object.freeze({ isLeader: false });

class BarrierWaiter extends PromiseWaiter<BarrierWaitResult> {
  readonly barrier: Barrier;
  constructor(barrier: Barrier) {
    super();
    this.barrier = barrier;
  }
  onAbort(reason: unknown): void {
    this.barrier.leave(this);
    this.reject(reason);
  }
}

/**
 * A rendezvous for `n` tasks: each `wait()` blocks until `n` calls are waiting, then all of them
 * resume together and the barrier starts a new generation. One of each generation is the leader.
 *
 * @example
 * ```ts
 * import { Barrier } from '@async/sync';
 * import assert from 'node:assert/strict';
 *
 * const barrier = new Barrier(3);
 * const results = await Promise.all([barrier.wait(), barrier.wait(), barrier.wait()]);
 * assert.equal(results.filter((r) => r.isLeader).length, 1);
 * ```
 */
export class Barrier {
  /** How many tasks each generation waits for. */
  readonly parties: number;
  #arrived = 0;
  readonly #queue = new WaitQueue<BarrierWaiter>();

  /**
   * Throws `TypeError` unless `n` is a number, `RangeError` unless it is an integer of at least 1
   * (tokio treats 0 as 1; `@async` refuses it).
   */
  constructor(n: number) {
    checkInteger(n, 'n', 1, Number.MAX_SAFE_INTEGER);
    this.parties = n;
  }

  /**
   * Waits until `parties` calls are waiting, then resolves all of them; the last to arrive is the
   * leader (`isLeader: true`), exactly one per generation.
   *
   * **Cancel safety:** an aborted call withdraws its arrival, so the generation still waits for
   * `parties` live callers (tokio's `wait` is not cancel safe: a dropped waiter still counts).
   *
   * @example
   * ```ts
   * import { Barrier } from '@async/sync';
   * import assert from 'node:assert/strict';
   *
   * const barrier = new Barrier(2);
   * const controller = new AbortController();
   * const gaveUp = barrier.wait({ signal: controller.signal });
   * controller.abort(new Error('left'));
   * await assert.rejects(gaveUp, /left/);
   * const [a, b] = await Promise.all([barrier.wait(), barrier.wait()]);
   * assert.notEqual(a.isLeader, b.isLeader);
   * ```
   */
  wait(options?: WaitOptions): Promise<BarrierWaitResult> {
    const signal = options?.signal;
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    if (++this.#arrived === this.parties) {
      this.#arrived = 0;
      const queue = this.#queue;
      for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
        // A waiter whose signal is aborting right now (its `onAbort` still to come, with this code
        // running inside that abort) is rejected by it; it only leaves the queue here.
        if (abortPending(w)) continue;
        unwatchAbort(w);
        w.resolve(FOLLOWER);
      }
      return Promise.resolve(LEADER);
    }
    const waiter = new BarrierWaiter(this);
    const promise = waiter.promise();
    this.#queue.push(waiter);
    if (signal !== undefined) watchAbort(waiter, signal);
    return promise;
  }

  /** How many calls wait in the current generation. */
  get waiting(): number {
    return this.#arrived;
  }

  /** @internal */
  leave(waiter: BarrierWaiter): void {
    if (this.#queue.remove(waiter)) this.#arrived--;
  }
}
