/**
 * The timer layer every function of @async/time schedules through.
 *
 * # Implementation notes
 *
 * A {@link TimerEntry} is the waiting object itself (a `Sleep`, a pending `timeout` call, an
 * interval's tick): it carries its deadline and its place in a binary min-heap, so scheduling
 * allocates nothing beyond the object the caller needed anyway, and cancelling is an O(log n) removal
 * with no search. Entries with equal deadlines fire in the order they were scheduled.
 *
 * {@link HeapClock} is a `Clock` backed by such a heap. The system clock is one: many logical timers
 * share **one** host `setTimeout`, armed for the earliest deadline. Cancelling a timer does not touch
 * the host timer; when no timer that holds the process open remains, the host timer is `unref`'d, so
 * the process may exit exactly as it would after `clearTimeout`. `TestClock` is another: its time only
 * moves when a test says so.
 *
 * Any other `Clock` (a user's own) works too, through an adapter that calls its `schedule`/`cancel`
 * once per timer.
 */
import { type Clock, getDefaultClock, hostClock, type ScheduleOptions } from '@async/core';

/** @internal A timer: the object that waits, with its deadline and heap bookkeeping. */
export interface TimerEntry {
  /** Deadline, in the clock's milliseconds. */
  at: number;
  /** Index in the heap, or -1 when not scheduled. */
  slot: number;
  /** Tie-breaker: scheduling order. */
  seq: number;
  /** Whether this timer holds the process open. */
  refd: boolean;
  /** Handle from a foreign clock's `schedule`. */
  handle: unknown;
  /** Called once when the deadline is reached (the entry is already unscheduled). */
  fire(): void;
}

/** @internal What the time functions need from a clock. */
export interface Timers {
  readonly clock: Clock;
  now(): number;
  insert(entry: TimerEntry): void;
  remove(entry: TimerEntry): void;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * A `Clock` whose timers live in one binary heap. Base of the system clock and of `TestClock`.
 * @internal
 */
export abstract class HeapClock implements Clock, Timers {
  /** @internal */
  protected readonly heap: TimerEntry[] = [];
  private seq = 0;

  get clock(): Clock {
    return this;
  }

  abstract now(): number;

  /** Called after `entry` became the earliest timer. */
  protected abstract armFor(entry: TimerEntry): void;
  /** Called after a timer holding the process open was added (`delta` 1) or removed (-1). */
  protected refChanged(_delta: number): void {}

  /** @internal */
  insert(entry: TimerEntry): void {
    const heap = this.heap;
    entry.seq = this.seq++;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      p.slot = i;
      i = parent;
    }
    heap[i] = entry;
    entry.slot = i;
    if (entry.refd) this.refChanged(1);
    if (i === 0) this.armFor(entry);
  }

  /** @internal Unschedules `entry` if it is scheduled here. */
  remove(entry: TimerEntry): void {
    const i = entry.slot;
    if (i < 0 || this.heap[i] !== entry) return;
    this.removeAt(i);
    if (entry.refd) this.refChanged(-1);
  }

  /** @internal The earliest timer, left in place. */
  peek(): TimerEntry | undefined {
    return this.heap[0];
  }

  /** @internal Removes and returns the earliest timer if it is due at `now`. */
  popDue(now: number): TimerEntry | undefined {
    const top = this.heap[0];
    if (top === undefined || top.at > now) return undefined;
    this.removeAt(0);
    if (top.refd) this.refChanged(-1);
    return top;
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const removed = heap[i]!;
    removed.slot = -1;
    const last = heap.pop()!;
    if (last === removed) return;
    // Put `last` in the hole, then move it up or down.
    let k = i;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const p = heap[parent]!;
      if (!before(last, p)) break;
      heap[k] = p;
      p.slot = k;
      k = parent;
    }
    if (k === i) {
      const n = heap.length;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
        const child = heap[c]!;
        if (!before(child, last)) break;
        heap[k] = child;
        child.slot = k;
        k = c;
      }
    }
    heap[k] = last;
    last.slot = k;
  }

  schedule(deadline: number, callback: () => void, options?: ScheduleOptions): unknown {
    const entry = new CallbackEntry(deadline, callback, options?.unref !== true);
    this.insert(entry);
    return entry;
  }

  cancel(timer: unknown): void {
    if (timer instanceof CallbackEntry) this.remove(timer);
  }
}

/** A plain `Clock.schedule` callback as a timer entry. */
class CallbackEntry implements TimerEntry {
  slot = -1;
  seq = 0;
  handle: unknown = undefined;
  constructor(
    public at: number,
    private readonly callback: () => void,
    public refd: boolean,
  ) {}
  fire(): void {
    this.callback();
  }
}

/** Runs a due timer; an exception from a user's callback is rethrown later, not lost, not fatal here. */
export function fireEntry(entry: TimerEntry): void {
  try {
    entry.fire();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

interface HostTimer {
  ref?(): unknown;
  unref?(): unknown;
}

/** The host's time (`performance.now()`), with all timers multiplexed onto one host `setTimeout`. */
class SystemClock extends HeapClock {
  private host: HostTimer | undefined = undefined;
  private hostAt = Number.POSITIVE_INFINITY;
  private hostRefd = false;
  private refs = 0;

  now(): number {
    return performance.now();
  }

  protected armFor(entry: TimerEntry): void {
    // A host timer armed earlier fires first and re-arms for whatever is then the earliest.
    if (entry.at >= this.hostAt) return;
    if (this.host !== undefined) clearTimeout(this.host as never);
    this.hostAt = entry.at;
    const delay = Math.max(0, Math.ceil(entry.at - performance.now()));
    this.host = setTimeout(this.onHost, delay) as unknown as HostTimer;
    this.hostRefd = true;
    if (this.refs === 0) this.setRef(false);
  }

  protected override refChanged(delta: number): void {
    this.refs += delta;
    if (this.host === undefined) return;
    if (this.refs === 0) {
      if (this.hostRefd) this.setRef(false);
    } else if (!this.hostRefd) this.setRef(true);
  }

  private setRef(on: boolean): void {
    this.hostRefd = on;
    const host = this.host!;
    if (on) host.ref?.();
    else host.unref?.();
  }

  private readonly onHost = (): void => {
    this.host = undefined;
    this.hostAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    for (let e = this.popDue(now); e !== undefined; e = this.popDue(now)) fireEntry(e);
    const next = this.peek();
    if (next !== undefined && this.host === undefined) this.armFor(next);
  };
}

/**
 * The system clock: `performance.now()` and the host's timers, with every pending timer of
 * @async/time sharing one host timer. Time functions use it wherever the default clock is core's
 * `hostClock` (the same time, read the same way).
 */
export const systemClock: Clock = new SystemClock();

/** Adapter for a foreign `Clock`: one `schedule` per timer. */
class ClockTimers implements Timers {
  constructor(readonly clock: Clock) {}
  now(): number {
    return this.clock.now();
  }
  insert(entry: TimerEntry): void {
    entry.slot = 0;
    entry.handle = this.clock.schedule(
      entry.at,
      () => {
        if (entry.slot < 0) return;
        entry.slot = -1;
        entry.handle = undefined;
        entry.fire();
      },
      entry.refd ? undefined : { unref: true },
    );
  }
  remove(entry: TimerEntry): void {
    if (entry.slot < 0) return;
    entry.slot = -1;
    this.clock.cancel(entry.handle);
    entry.handle = undefined;
  }
}

const adapters = new WeakMap<Clock, Timers>();

/** @internal The timers of `clock`, or of the default clock read now. */
export function timersFor(clock: Clock | undefined): Timers {
  const c = clock ?? getDefaultClock();
  if (c === hostClock || c === systemClock) return systemClock as SystemClock;
  if (c instanceof HeapClock) return c;
  let t = adapters.get(c);
  if (t === undefined) adapters.set(c, (t = new ClockTimers(c)));
  return t;
}

/** @internal Validates a duration in milliseconds: finite or `Infinity`, never negative or NaN. */
export function checkDuration(ms: number, name: string): void {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds, got ${String(ms)}`);
  }
}
