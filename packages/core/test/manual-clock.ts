import type { Clock } from '../src/clock';

/**
 * A clock moved by hand, for core's own tests (core cannot depend on `@async/time`, whose TestClock
 * is what other packages use).
 */
export class ManualClock implements Clock {
  private time = 0;
  private timers = new Map<number, { deadline: number; callback: () => void }>();
  private nextId = 0;
  now(): number {
    return this.time;
  }
  schedule(deadline: number, callback: () => void): unknown {
    this.timers.set(++this.nextId, { deadline, callback });
    return this.nextId;
  }
  cancel(timer: unknown): void {
    this.timers.delete(timer as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  /** Moves time forward and fires the timers that are due, in deadline order. */
  advance(ms: number): void {
    this.time += ms;
    const due = [...this.timers]
      .filter(([, t]) => t.deadline <= this.time)
      .sort(([, a], [, b]) => a.deadline - b.deadline);
    for (const [id, t] of due) {
      this.timers.delete(id);
      t.callback();
    }
  }
}
