import type { Clock, Selectable } from '@async/core';
import {
  checkOptions,
  checkSignal,
  describe,
  implementSelectable,
  selectTry,
  selectWait,
  unwatchAbort,
  Waiter,
  WaitQueue,
  Wakers,
  watchAbort,
} from '@async/core/protocol';
import { type Deadline, deadlineMs, Instant } from './instant';
import { checkDuration, type TimerEntry, type Timers, timersFor } from './timers';
import { checkTimeOptions } from './validate';

const INTERVAL_OPTIONS = ['missedTick', 'clock', 'signal', 'unref'];

/**
 * What an {@link Interval} does when ticks were missed (the consumer called `tick` more than 5 ms
 * after a tick was due): tokio's `MissedTickBehavior`.
 *
 * - `'burst'` (default): ticks as fast as possible until caught up; ticks keep their schedule.
 * - `'delay'`: the next tick is one period after the late one was taken; the schedule shifts.
 * - `'skip'`: missed ticks are dropped; the next tick is the next multiple of the period on the
 *   original schedule.
 */
export type MissedTickBehavior = 'burst' | 'delay' | 'skip';

/** Options of {@link interval} and {@link intervalAt}. */
export interface IntervalOptions {
  /**
   * What to do about missed ticks.
   * @defaultValue `'burst'`, as tokio
   */
  readonly missedTick?: MissedTickBehavior;
  /**
   * The clock the ticks are measured on.
   * @defaultValue the default clock (`getDefaultClock()` of `@async/core`), read at the call
   */
  readonly clock?: Clock;
  /**
   * Aborting it rejects every pending and later `tick()` with `signal.reason` and ends async
   * iteration by throwing it.
   */
  readonly signal?: AbortSignal;
  /**
   * Whether a waiting tick may let the process exit (a housekeeping task's interval).
   * @defaultValue `false`
   */
  readonly unref?: boolean;
}

/** Options of {@link Interval.tick}. */
export interface TickOptions {
  /**
   * Aborting it rejects this `tick()` with `signal.reason`; no tick is consumed.
   * @defaultValue the interval's own signal
   */
  readonly signal?: AbortSignal;
}

/** Below this lateness a tick is not considered missed (timers are not that precise). */
const MISSED_THRESHOLD_MS = 5;

class TickWaiter extends Waiter {
  constructor(
    readonly interval: Interval,
    readonly resolve: (instant: Instant) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    this.interval.dropWaiter(this);
    this.reject(reason);
  }
}

/**
 * Ticks at a fixed period: tokio's `Interval`. The first tick completes at once (or at `start` for
 * {@link intervalAt}); each tick yields the instant it was *scheduled* for. What happens after the
 * consumer falls behind is the {@link MissedTickBehavior}.
 *
 * An interval holds a timer only while someone waits for a tick, so an idle interval never keeps the
 * process alive and needs no closing.
 *
 * @example
 * ```ts
 * import { interval, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const every = interval(1000);
 * const ticks: number[] = [];
 * for await (const at of every) {
 *   ticks.push(at.ms);
 *   if (ticks.length === 3) break;
 * }
 * assert.deepEqual(ticks, [0, 1000, 2000]);
 * ```
 */
export class Interval implements Selectable<Instant>, AsyncIterable<Instant> {
  /** @internal @hidden */ at: number;
  /** @internal @hidden */ seq = 0;
  /** @internal @hidden */ refd: boolean;
  /** @internal @hidden */ list: unknown = undefined;
  /** @internal @hidden */ tprev: TimerEntry | undefined = undefined;
  /** @internal @hidden */ tnext: TimerEntry | undefined = undefined;
  private periodMs: number;
  private behavior: MissedTickBehavior;
  private readonly waiters = new WaitQueue<TickWaiter>();
  private readonly wakes = new Wakers();
  private readonly timers: Timers;
  private readonly signal: AbortSignal | undefined;

  /** Use {@link interval} or {@link intervalAt}. @internal @hidden */
  constructor(timers: Timers, start: number, period: number, options: IntervalOptions | undefined) {
    if (typeof period !== 'number') {
      throw new TypeError(`period must be a positive finite number of milliseconds, got ${describe(period)}`);
    }
    if (!(period > 0) || period === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `period must be a positive finite number of milliseconds, got ${describe(period)}`,
      );
    }
    checkTimeOptions(options, 'options', INTERVAL_OPTIONS);
    const behavior = options?.missedTick ?? 'burst';
    checkBehavior(behavior);
    this.timers = timers;
    this.at = start;
    this.periodMs = period;
    this.behavior = behavior;
    this.refd = options?.unref !== true;
    this.signal = options?.signal;
  }

  /** The period, in milliseconds. */
  get period(): number {
    return this.periodMs;
  }

  /** The missed-tick behaviour; may be changed at any time (tokio's `set_missed_tick_behavior`). */
  get missedTick(): MissedTickBehavior {
    return this.behavior;
  }
  set missedTick(behavior: MissedTickBehavior) {
    checkBehavior(behavior);
    this.behavior = behavior;
  }

  /** The instant the next tick is scheduled for. */
  get nextTick(): Instant {
    return new Instant(this.at, this.timers.clock);
  }

  /**
   * Waits for the next tick and resolves with the instant it was scheduled for. Resolves at once if
   * that tick is already due. Concurrent callers are served in call order, one tick each.
   *
   * **Cancel safety.** Aborting `options.signal` consumes no tick. In `select`, race the interval
   * itself (it is `Selectable`) rather than a `tick()` promise: a losing branch then consumes
   * nothing, where an abandoned `tick()` promise still takes its tick when it resolves.
   *
   * @example
   * ```ts
   * import { interval, TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install();
   * const every = interval(100);
   * assert.equal((await every.tick()).ms, 0); // the first tick is immediate
   * const second = every.tick();
   * await clock.advance(100);
   * assert.equal((await second).ms, 100);
   * ```
   */
  tick(options?: TickOptions): Promise<Instant> {
    if (options !== undefined) {
      checkOptions(options, 'options', ['signal']);
      if (options.signal !== undefined) checkSignal(options.signal, 'options.signal');
    }
    const signal = options?.signal ?? this.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.size === 0) {
      const now = this.timers.now();
      if (now >= this.at) return Promise.resolve(this.consume(now));
    }
    return new Promise<Instant>((resolve, reject) => {
      const waiter = new TickWaiter(this, resolve, reject);
      this.waiters.push(waiter);
      if (signal !== undefined) watchAbort(waiter, signal);
      this.arm();
    });
  }

  /**
   * Resets the schedule so the next tick is one period from now (tokio's `reset`). Missed ticks are
   * forgotten.
   */
  reset(): void {
    this.resetAt(this.timers.now() + this.periodMs);
  }

  /** Makes the next tick due now (tokio's `reset_immediately`). */
  resetImmediately(): void {
    this.resetAt(this.timers.now());
  }

  /** Makes the next tick due `ms` from now (tokio's `reset_after`). */
  resetAfter(ms: number): void {
    checkDuration(ms, 'ms');
    this.resetAt(this.timers.now() + ms);
  }

  /**
   * Makes the next tick due at `deadline` (tokio's `reset_at`); later ticks follow the period from
   * there. A deadline in the past is caught up according to the missed-tick behaviour.
   *
   * @example
   * ```ts
   * import { interval, TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * using clock = TestClock.install({ autoAdvance: true });
   * const every = interval(100);
   * await every.tick(); // 0
   * every.resetAt(250);
   * assert.equal((await every.tick()).ms, 250);
   * assert.equal((await every.tick()).ms, 350);
   * ```
   */
  resetAt(deadline: Deadline): void {
    const at = deadlineMs(deadline, 'deadline');
    const armed = this.list !== undefined;
    if (armed) this.timers.remove(this);
    this.at = at;
    if (armed) this.arm();
  }

  /** Takes the tick due at `this.at` (which must be due at `now`) and schedules the next one. */
  private consume(now: number): Instant {
    const scheduled = this.at;
    const period = this.periodMs;
    let next: number;
    if (now > scheduled + MISSED_THRESHOLD_MS) {
      if (this.behavior === 'delay') next = now + period;
      else if (this.behavior === 'skip') next = now + period - ((now - scheduled) % period);
      else next = scheduled + period;
    } else next = scheduled + period;
    this.at = next;
    return new Instant(scheduled, this.timers.clock);
  }

  /** Schedules the timer for the next tick if someone waits and it is not scheduled. */
  private arm(): void {
    if (this.list === undefined && (this.waiters.size > 0 || this.wakes.size > 0)) this.timers.insert(this);
  }

  private disarmIfIdle(): void {
    if (this.list !== undefined && this.waiters.size === 0 && this.wakes.size === 0) this.timers.remove(this);
  }

  /** The next tick is due: serve waiters in order, then wake selectors. @internal @hidden */
  fire(): void {
    const now = Math.max(this.timers.now(), this.at);
    for (let w = this.waiters.peek(); w !== undefined && now >= this.at; w = this.waiters.peek()) {
      this.waiters.shift();
      unwatchAbort(w);
      w.resolve(this.consume(now));
    }
    if (this.waiters.size === 0 && now >= this.at) this.wakes.wakeAll();
    this.arm();
  }

  /** A waiter's signal aborted. @internal @hidden */
  dropWaiter(waiter: TickWaiter): void {
    this.waiters.remove(waiter);
    this.disarmIfIdle();
  }

  /** Select protocol: takes the tick if it is due and no `tick()` caller is ahead. @hidden */
  declare [selectTry]: () => { value: Instant } | undefined;
  /** Select protocol: `wake` is called once the next tick is due. @hidden */
  declare [selectWait]: (wake: () => void) => () => void;
  /** @internal Puts the two methods above on the prototype: see `implementSelectable`. */
  static readonly selectable = /* @__PURE__ */ implementSelectable(this, {
    try() {
      if (this.waiters.size > 0) return undefined;
      const now = this.timers.now();
      if (now < this.at) return undefined;
      return { value: this.consume(now) };
    },
    wait(wake) {
      const unregister = this.wakes.add(wake);
      this.arm();
      return () => {
        unregister();
        this.disarmIfIdle();
      };
    },
  });

  /** Ticks forever; the interval's signal aborting ends the loop by throwing its reason. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Instant, void, undefined> {
    for (;;) yield await this.tick();
  }
}

function checkBehavior(behavior: unknown): void {
  if (behavior !== 'burst' && behavior !== 'delay' && behavior !== 'skip') {
    const message = `missedTick must be 'burst', 'delay' or 'skip', got ${describe(behavior)}`;
    throw typeof behavior === 'string' ? new RangeError(message) : new TypeError(message);
  }
}

/**
 * An {@link Interval} whose first tick completes at once and whose ticks follow every `period`
 * milliseconds: tokio's `interval`. `period` must be positive and finite (`RangeError` otherwise;
 * tokio panics on zero).
 *
 * @example
 * ```ts
 * import { interval, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const every = interval(50, { missedTick: 'skip' });
 * await every.tick(); // 0
 * await clock.advance(175); // stalled past ticks 50, 100 and 150
 * assert.equal((await every.tick()).ms, 50); // the late tick is reported
 * const next = every.tick();
 * await clock.advance(25);
 * assert.equal((await next).ms, 200); // 100 and 150 were skipped
 * ```
 */
export function interval(period: number, options?: IntervalOptions): Interval {
  const timers = timersFor(options?.clock);
  return new Interval(timers, timers.now(), period, options);
}

/**
 * An {@link Interval} whose first tick is at `start` (an `Instant`, or milliseconds on the clock's
 * timeline): tokio's `interval_at`.
 *
 * @example
 * ```ts
 * import { Instant, intervalAt, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install({ autoAdvance: true });
 * const every = intervalAt(Instant.now().add(500), 1000);
 * assert.equal((await every.tick()).ms, 500);
 * assert.equal((await every.tick()).ms, 1500);
 * ```
 */
export function intervalAt(start: Deadline, period: number, options?: IntervalOptions): Interval {
  return new Interval(timersFor(options?.clock), deadlineMs(start, 'start'), period, options);
}
