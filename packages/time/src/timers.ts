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
 * the process may exit exactly as it would after `clearTimeout`. A deadline beyond the host timer's
 * range (2^31 − 1 ms, ~24.8 days) is reached through a chain of host timers, each re-armed for what is
 * left. `TestClock` is another: its time only moves when a test says so.
 *
 * Any other `Clock` (a user's own) works too, through an adapter that calls its `schedule`/`cancel`
 * once per timer.
 */
import { type Clock, getDefaultClock, type ScheduleOptions } from '@async/core';
import { describe, hostClock } from '@async/core/protocol';

/** A timer: the object that waits, with its deadline and queue links. @hidden */
export interface TimerEntry {
  /** Deadline, in the clock's milliseconds. */
  at: number;
  /** Tie-breaker: scheduling order. */
  seq: number;
  /** Whether this timer holds the process open. */
  refd: boolean;
  /** The list (or foreign handle) holding this entry while scheduled; `undefined` when not scheduled. */
  list: unknown;
  /** Links within its list. */
  tprev: TimerEntry | undefined;
  tnext: TimerEntry | undefined;
  /** Called once when the deadline is reached (the entry is already unscheduled). */
  fire(): void;
}

/** What the time functions need from a clock. @hidden */
export interface Timers {
  readonly clock: Clock;
  now(): number;
  /**
   * Schedules `entry` at `entry.at`. Pass `duration` when `entry.at` is `now() + duration`: timers of
   * one duration then share a FIFO list (O(1) to add and remove).
   */
  insert(entry: TimerEntry, duration?: number): void;
  remove(entry: TimerEntry): void;
}

/**
 * Timers that share a duration (or a deadline), in a FIFO list that is therefore sorted by deadline.
 * The lists sit in a binary heap keyed by their first timer's `(at, seq)`. A key may be stale but only
 * ever early (removing a list's first timer leaves a later one); the heap's top is re-keyed before it
 * is trusted, so timers still come out in exact `(at, seq)` order.
 */
class TimerList {
  head: TimerEntry | undefined = undefined;
  tail: TimerEntry | undefined = undefined;
  keyAt = 0;
  keySeq = 0;
  slot = -1;
  constructor(
    readonly key: number,
    readonly byDeadline: boolean,
  ) {}
}

function before(a: TimerList, b: TimerList): boolean {
  return a.keyAt < b.keyAt || (a.keyAt === b.keyAt && a.keySeq < b.keySeq);
}

/** Empty duration lists kept for reuse (a service uses a handful of durations over and over). */
const KEEP_EMPTY = 64;

/**
 * A `Clock` whose timers live in FIFO lists per duration, ordered by a heap of lists (the design of
 * Node's own timers). Base of the system clock and of `TestClock`.
 * Its declaration ships because `TestClock` extends it; its members stay internal, and it meets
 * `Timers` (an internal type) structurally, as `timersFor` checks, rather than by an `implements`.
 * @hidden
 */
export abstract class HeapClock implements Clock {
  private readonly heap: TimerList[] = [];
  private readonly byDuration = new Map<number, TimerList>();
  private readonly byDeadline = new Map<number, TimerList>();
  private seq = 0;
  private count = 0;
  /** The duration list used last: most code uses one or two durations over and over. */
  private lastList: TimerList | undefined = undefined;

  get clock(): Clock {
    return this;
  }

  abstract now(): number;

  /** Called after `entry` was scheduled. @internal @hidden */
  protected abstract armFor(entry: TimerEntry): void;
  /** Called after a timer holding the process open was added (`delta` 1) or removed (-1). @internal @hidden */
  protected refChanged(_delta: number): void {}

  /** How many timers are scheduled. @internal @hidden */
  get size(): number {
    return this.count;
  }

  /** @internal @hidden */
  insert(entry: TimerEntry, duration?: number): void {
    entry.seq = this.seq++;
    let list: TimerList | undefined;
    if (duration !== undefined) {
      list = this.lastList;
      if (list === undefined || list.key !== duration) {
        list = this.byDuration.get(duration);
        if (list === undefined) this.byDuration.set(duration, (list = new TimerList(duration, false)));
        this.lastList = list;
      }
      if (list.tail !== undefined && list.tail.at > entry.at) list = undefined; // clock went back
    }
    if (list === undefined) {
      list = this.byDeadline.get(entry.at);
      if (list === undefined) this.byDeadline.set(entry.at, (list = new TimerList(entry.at, true)));
    }
    const tail = list.tail;
    entry.list = list;
    entry.tprev = tail;
    entry.tnext = undefined;
    list.tail = entry;
    if (tail === undefined) {
      list.head = entry;
      list.keyAt = entry.at;
      list.keySeq = entry.seq;
      this.heapPush(list);
    } else tail.tnext = entry;
    this.count++;
    if (entry.refd) this.refChanged(1);
    this.armFor(entry);
  }

  /** Unschedules `entry` if it is scheduled here. @internal @hidden */
  remove(entry: TimerEntry): void {
    const list = entry.list;
    if (!(list instanceof TimerList) || list.slot < 0 || this.heap[list.slot] !== list) return;
    this.unlink(entry, list);
    if (entry.refd) this.refChanged(-1);
  }

  private unlink(entry: TimerEntry, list: TimerList): void {
    const { tprev, tnext } = entry;
    if (tprev === undefined) list.head = tnext;
    else tprev.tnext = tnext;
    if (tnext === undefined) list.tail = tprev;
    else tnext.tprev = tprev;
    entry.list = entry.tprev = entry.tnext = undefined;
    this.count--;
    if (list.head === undefined) {
      this.heapRemove(list.slot);
      if (list.byDeadline) this.byDeadline.delete(list.key);
      else if (this.byDuration.size > KEEP_EMPTY) {
        this.byDuration.delete(list.key);
        if (this.lastList === list) this.lastList = undefined;
      }
    }
  }

  /** The earliest timer, left in place. @internal @hidden */
  peek(): TimerEntry | undefined {
    const heap = this.heap;
    for (;;) {
      const top = heap[0];
      if (top === undefined) return undefined;
      const head = top.head!;
      if (head.at === top.keyAt && head.seq === top.keySeq) return head;
      top.keyAt = head.at;
      top.keySeq = head.seq;
      this.siftDown(0);
    }
  }

  /** Removes and returns the earliest timer if it is due at `now`. @internal @hidden */
  popDue(now: number): TimerEntry | undefined {
    const head = this.peek();
    if (head === undefined || head.at > now) return undefined;
    this.unlink(head, head.list as TimerList);
    if (head.refd) this.refChanged(-1);
    return head;
  }

  private heapPush(list: TimerList): void {
    this.heap.push(list);
    this.siftUp(this.heap.length - 1, list);
  }

  private siftUp(i: number, list: TimerList): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(list, p)) break;
      heap[i] = p;
      p.slot = i;
      i = parent;
    }
    heap[i] = list;
    list.slot = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const list = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!before(child, list)) break;
      heap[i] = child;
      child.slot = i;
      i = c;
    }
    heap[i] = list;
    list.slot = i;
  }

  private heapRemove(i: number): void {
    const heap = this.heap;
    const removed = heap[i]!;
    removed.slot = -1;
    const last = heap.pop()!;
    if (last === removed) return;
    heap[i] = last;
    last.slot = i;
    if (i > 0 && before(last, heap[(i - 1) >> 1]!)) this.siftUp(i, last);
    else this.siftDown(i);
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
  seq = 0;
  list: unknown = undefined;
  tprev: TimerEntry | undefined = undefined;
  tnext: TimerEntry | undefined = undefined;
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

/** The longest delay host timers honour (2^31 − 1 ms): Node and browsers fire a longer one after 1 ms. */
const MAX_HOST_DELAY = 0x7fff_ffff;

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
    this.arm(entry.at);
  }

  private arm(at: number): void {
    if (this.host !== undefined) clearTimeout(this.host as never);
    this.hostAt = at;
    // Beyond the host's range the host timer is a link of a chain: it fires early, finds nothing due
    // and re-arms for what is left (one host timer per ~24.8 days), instead of firing after 1 ms.
    const delay = Math.min(MAX_HOST_DELAY, Math.max(0, Math.ceil(at - performance.now())));
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
    if (next !== undefined && this.host === undefined) this.arm(next.at);
  };
}

/**
 * The system clock: `performance.now()` and the host's timers, with every pending timer of
 * @async/time sharing one host timer. Time functions use it wherever the default clock is core's
 * `hostClock` (the same time, read the same way). Pass it, or set it as the default clock, to give
 * other packages' direct `Clock.schedule` calls the same one-host-timer treatment.
 *
 * @example
 * ```ts
 * import { hostClock, describe } from '@async/core/protocol';
 * import { systemClock } from '@async/time';
 * import assert from 'node:assert/strict';
 *
 * const before = hostClock.now();
 * const fired = new Promise<number>((resolve) => systemClock.schedule(systemClock.now(), () => resolve(systemClock.now())));
 * assert.ok((await fired) >= before); // same timeline as the host clock
 * ```
 */
export const systemClock: Clock = /* @__PURE__ */ new SystemClock();

/** Adapter for a foreign `Clock`: one `schedule` per timer. */
class ClockTimers implements Timers {
  constructor(readonly clock: Clock) {}
  now(): number {
    return this.clock.now();
  }
  insert(entry: TimerEntry): void {
    const handle: { timer: unknown } = { timer: undefined };
    entry.list = handle;
    handle.timer = this.clock.schedule(
      entry.at,
      () => {
        if (entry.list !== handle) return;
        entry.list = undefined;
        entry.fire();
      },
      entry.refd ? undefined : { unref: true },
    );
  }
  remove(entry: TimerEntry): void {
    const handle = entry.list as { timer: unknown } | undefined;
    if (handle === undefined) return;
    entry.list = undefined;
    this.clock.cancel(handle.timer);
  }
}

const adapters = new WeakMap<Clock, Timers>();

/** The timers of `clock`, or of the default clock read now. @hidden */
export function timersFor(clock: Clock | undefined): Timers {
  const c = clock ?? getDefaultClock();
  if (c === hostClock || c === systemClock) return systemClock as SystemClock;
  if (c instanceof HeapClock) return c;
  let t = adapters.get(c);
  if (t === undefined) adapters.set(c, (t = new ClockTimers(c)));
  return t;
}

/**
 * Validates a duration in milliseconds: a number (`TypeError` otherwise), finite or `Infinity`, never
 * negative or NaN (`RangeError`). @hidden
 */
export function checkDuration(ms: unknown, name: string): asserts ms is number {
  if (typeof ms !== 'number') {
    throw new TypeError(`${name} must be a number of milliseconds >= 0, got ${describe(ms)}`);
  }
  if (!(ms >= 0)) throw new RangeError(`${name} must be a number of milliseconds >= 0, got ${describe(ms)}`);
}
