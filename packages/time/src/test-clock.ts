import { checkOptions, describe, setDefaultClock } from '@async/core/protocol';
import { type Deadline, deadlineMs } from './instant';
import { checkDuration, fireEntry, HeapClock, type TimerEntry } from './timers';

/** Options of {@link TestClock}. */
export interface TestClockOptions {
  /**
   * The clock's reading at creation, in milliseconds.
   * @defaultValue `0`
   */
  readonly start?: number;
  /**
   * Whether time jumps to the next timer by itself whenever nothing else is runnable (every promise
   * job has run), as tokio's paused clock does. Without it, time moves only by `advance`.
   * @defaultValue `false`
   */
  readonly autoAdvance?: boolean;
}

type HostImmediate = (callback: () => void) => unknown;

/**
 * One turn of the host's task queue: every pending promise job runs before it ends. This is the one
 * place @async/time uses host timers directly, and it never measures time with them. (A function
 * rather than a constant chosen at load, so that a bundle without `TestClock` keeps none of it.)
 */
function hostTurn(callback: () => void): void {
  const setImmediate = (globalThis as { setImmediate?: HostImmediate }).setImmediate;
  if (setImmediate !== undefined) {
    setImmediate(callback);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(undefined);
}

/** Resolves once every promise job queued before it (and every job they queue) has run. */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => {
    hostTurn(resolve);
  });
}

/**
 * A paused, manually driven clock for tests: tokio's `time::pause()` with `advance`. Time stands
 * still until {@link TestClock.advance} moves it (or, with `autoAdvance`, until nothing else can run).
 *
 * Install it as the default clock and every `@async/*` package takes its time from it: one line in a
 * test controls every sleep, timeout, interval, retry delay and grace period.
 * `TestClock.install()` returns the clock, which is `Disposable`: `using` restores the previous
 * default clock at the end of the scope.
 *
 * Unlike tokio's `advance`, which fires every due timer "at the same time", `advance` here fires due
 * timers one at a time in deadline order, setting the clock to each timer's deadline and letting every
 * promise callback settle before the next: a chain of sleeps inside one `advance` runs entirely, each
 * link seeing the time it asked for.
 *
 * @example
 * ```ts
 * import { Instant, sleep, TestClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = TestClock.install();
 * const woke: number[] = [];
 * const retry = (async () => {
 *   for (let i = 0; i < 10; i++) {
 *     await sleep(60_000);
 *     woke.push(Instant.now().ms);
 *   }
 * })();
 * await clock.advance(600_000); // ten minutes of backoff, in a few milliseconds of real time
 * await retry;
 * assert.equal(woke.length, 10);
 * assert.equal(woke[9], 600_000);
 * ```
 */
export class TestClock extends HeapClock implements Disposable {
  private time: number;
  private restore: Disposable | undefined = undefined;
  private queue: Promise<void> = Promise.resolve();
  private advancing = 0;
  private auto: boolean;
  private autoScheduled = false;

  constructor(options?: TestClockOptions) {
    super();
    checkOptions(options, 'options', ['start', 'autoAdvance']);
    const start = options?.start;
    if (start !== undefined && (typeof start !== 'number' || !Number.isFinite(start))) {
      const message = `options.start must be a finite number, got ${describe(start)}`;
      throw typeof start === 'number' ? new RangeError(message) : new TypeError(message);
    }
    const auto = options?.autoAdvance;
    if (auto !== undefined && typeof auto !== 'boolean') {
      throw new TypeError(`options.autoAdvance must be a boolean, got ${describe(auto)}`);
    }
    this.time = options?.start ?? 0;
    this.auto = options?.autoAdvance ?? false;
  }

  /**
   * Creates a test clock and makes it the default clock until it is disposed.
   *
   * @example
   * ```ts
   * import { getDefaultClock } from '@async/core';
   * import { TestClock } from '@async/time';
   * import assert from 'node:assert/strict';
   *
   * {
   *   using clock = TestClock.install({ start: 1000 });
   *   assert.equal(getDefaultClock(), clock);
   *   assert.equal(clock.now(), 1000);
   * }
   * assert.notEqual(getDefaultClock().now(), 1000);
   * ```
   */
  static install(options?: TestClockOptions): TestClock {
    return new TestClock(options).install();
  }

  /** Makes this clock the default clock until {@link TestClock.uninstall} or dispose. Returns `this`. */
  install(): this {
    if (this.restore === undefined) this.restore = setDefaultClock(this);
    return this;
  }

  /** Restores the default clock that was in place before {@link TestClock.install}. */
  uninstall(): void {
    const restore = this.restore;
    this.restore = undefined;
    restore?.[Symbol.dispose]();
  }

  /** Uninstalls the clock and stops auto-advance. Pending timers stay pending. */
  [Symbol.dispose](): void {
    this.auto = false;
    this.uninstall();
  }

  /** The virtual time, in milliseconds. */
  now(): number {
    return this.time;
  }

  /** How many timers are scheduled on this clock: a test's check that nothing leaked. */
  get pending(): number {
    return this.size;
  }

  /** The deadline of the earliest pending timer, if any. */
  nextDeadline(): number | undefined {
    return this.peek()?.at;
  }

  /** Whether time jumps to the next timer by itself when nothing else is runnable. */
  get autoAdvance(): boolean {
    return this.auto;
  }
  set autoAdvance(on: boolean) {
    this.auto = on;
    if (on && this.size > 0) this.scheduleAuto();
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in deadline order (ties
   * in scheduling order). Before each timer the clock reads that timer's deadline; after each, every
   * promise callback runs (one host turn), so timers scheduled by those callbacks within the window
   * fire too. Resolves once the clock reads `now + ms` and the last callbacks have run.
   * Calls queue behind each other.
   */
  advance(ms: number): Promise<void> {
    checkDuration(ms, 'ms');
    if (ms === Number.POSITIVE_INFINITY) throw new RangeError('ms must be finite');
    return this.enqueue(() => this.time + ms);
  }

  /** Moves time forward to `deadline` (milliseconds on this clock), as {@link TestClock.advance}. */
  advanceTo(deadline: number | { readonly ms: number }): Promise<void> {
    const at = deadlineMs(deadline as Deadline, 'deadline');
    if (!Number.isFinite(at)) throw new RangeError(`deadline must be finite, got ${describe(at)}`);
    return this.enqueue(() => Math.max(this.time, at));
  }

  /**
   * Fires timers in deadline order until none is left or `limit` have fired; returns how many fired.
   * Time jumps to each deadline. Useful to drain a test whose timers no one waits on by hand.
   */
  async runAll(limit = 10_000): Promise<number> {
    let fired = 0;
    await this.enqueue(() => this.time);
    while (fired < limit) {
      const next = this.peek();
      if (next === undefined) break;
      await this.enqueue(() => Math.max(this.time, next.at), 1);
      fired++;
    }
    return fired;
  }

  private enqueue(target: () => number, limit = Number.POSITIVE_INFINITY): Promise<void> {
    const run = this.queue.then(() => this.run(target(), limit));
    this.queue = run.catch(() => {});
    return run;
  }

  private async run(target: number, limit: number): Promise<void> {
    this.advancing++;
    try {
      await settle();
      let fired = 0;
      for (let e = this.popDue(target); e !== undefined; e = this.popDue(target)) {
        if (e.at > this.time) this.time = e.at;
        fireEntry(e);
        await settle();
        if (++fired >= limit) return;
      }
      if (target > this.time) this.time = target;
      await settle();
    } finally {
      this.advancing--;
      if (this.auto && this.size > 0) this.scheduleAuto();
    }
  }

  /** @internal @hidden */
  protected armFor(_entry: TimerEntry): void {
    if (this.auto) this.scheduleAuto();
  }

  private scheduleAuto(): void {
    if (this.autoScheduled) return;
    this.autoScheduled = true;
    hostTurn(this.autoStep);
  }

  /** Idle check: one host turn passed with no advance running, so jump to the earliest timer. */
  private readonly autoStep = (): void => {
    this.autoScheduled = false;
    if (!this.auto || this.advancing > 0) return;
    const next = this.peek();
    if (next === undefined) return;
    if (next.at > this.time) this.time = next.at;
    const e = this.popDue(this.time)!;
    fireEntry(e);
    if (this.size > 0) this.scheduleAuto();
  };
}

/**
 * Pauses time for a test: installs a new {@link TestClock} as the default clock and returns it
 * (tokio's `time::pause()`). Dispose it to resume the previous clock.
 *
 * @example
 * ```ts
 * import { pause, sleep } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * using clock = pause();
 * const s = sleep(30_000);
 * await clock.advance(30_000);
 * assert.ok(s.isElapsed());
 * ```
 */
export function pause(options?: TestClockOptions): TestClock {
  return TestClock.install(options);
}
