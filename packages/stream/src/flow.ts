/**
 * The engine under every operator: a source plus a list of synchronous stages, fused into one step.
 *
 * # Implementation notes
 *
 * A chain of async generators pays one promise and one microtask hop per stage per item. Here the
 * synchronous one-in/at-most-one-out operators (`map`, `filter`, `filterMap`, `take`, `skip`,
 * `takeWhile`, `skipWhile`, `enumerate`, `inspect`, `scan`) do not wrap their input: applied to a
 * {@link Flow} they return a new `Flow` over the same source with one more {@link StageFactory}. When it
 * is iterated, the stages are instantiated (each with fresh state: counters, accumulators) and composed
 * into a single function, so an item crosses the whole chain with one `await` on the source and plain
 * calls in between. Terminal operators (`fold`, `reduce`, `collect`, `forEach`) go further and run the
 * composed step inside one `for await` over the source, without a promise per item of their own.
 *
 * A stage returns {@link SKIP} to drop an item, and sets `ctl.stop` to end the flow after the current
 * item (`take`) or instead of it (`takeWhile` returns `SKIP` too). Ending calls `return()` on the source,
 * as leaving a `for await` does.
 */
import { describe, unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';

/** Returned by a stage to drop the item. */
export const SKIP: unique symbol = Symbol('skip');

/** Shared by the stages of one iteration: set `stop` to end the flow after the current item. */
export interface Ctl {
  stop: boolean;
}

/** One synchronous step: the next value, or {@link SKIP}. */
export type Step = (value: any) => any;

/** Makes the step of one stage for one iteration, with fresh state. */
export type StageFactory = (ctl: Ctl) => Step;

/**
 * The synchronous side of an iterator that buffers results (`buffered`, `bufferUnordered`): a value
 * ready now, {@link ENDED} at the end, or {@link NOT_READY} when `next()` would have to wait (or has a
 * failure to report). Terminals take every ready value in one turn through it and `await next()` only
 * when nothing is ready, instead of paying a promise, a result object and a microtask hop per item.
 */
export const pollNext: unique symbol = Symbol('pollNext');
export const NOT_READY: unique symbol = Symbol('not ready');
export const ENDED: unique symbol = Symbol('ended');

/** An async iterator with the {@link pollNext} side. */
export interface Pollable<T> extends AsyncIterator<T> {
  [pollNext](): T | typeof NOT_READY | typeof ENDED;
}

/**
 * Puts `poll` on `type`'s prototype as its {@link pollNext} method. Called from a static field marked
 * pure: a class whose method is keyed by an imported symbol is kept by every bundler (the key might
 * have side effects), so one that declares it this way is dropped by a bundle that never uses it.
 */
export function implementPollable<S extends object>(
  type: { readonly prototype: S },
  poll: (this: S) => unknown,
): true {
  (type.prototype as Record<symbol, unknown>)[pollNext] = poll;
  return true;
}

function isPollable(it: AsyncIterator<unknown>): it is Pollable<unknown> {
  return typeof (it as Partial<Pollable<unknown>>)[pollNext] === 'function';
}

/**
 * What every operator accepts as its input: any async or sync iterable.
 *
 * @example
 * ```ts
 * import { collect, pipe, type StreamInput } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const inputs: StreamInput<number>[] = [[1], new Set([2]), (async function* () { yield 3; })()];
 * const all = await Promise.all(inputs.map((input) => pipe(input, collect())));
 * assert.deepEqual(all, [[1], [2], [3]]);
 * ```
 */
export type StreamInput<T> = AsyncIterable<T> | Iterable<T>;

const doneResult: IteratorReturnResult<undefined> = /* @__PURE__ */ Object.freeze({
  done: true,
  value: undefined,
});
const donePromise: Promise<IteratorReturnResult<undefined>> = /* @__PURE__ */ Promise.resolve(doneResult);

/** An async iterator over a sync iterable, handing values over as they are (promises are not awaited). */
class SyncSourceIterator<T> implements AsyncIterator<T> {
  private readonly it: Iterator<T>;
  constructor(it: Iterator<T>) {
    this.it = it;
  }
  next(): Promise<IteratorResult<T>> {
    try {
      return Promise.resolve(this.it.next());
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return(): Promise<IteratorResult<T>> {
    try {
      this.it.return?.();
    } catch (e) {
      return Promise.reject(e);
    }
    return donePromise;
  }
}

/**
 * A lazy async iterable: a source, optionally synchronous, and the synchronous stages fused over it.
 * Nothing runs before the first `next()`. Every pipeable operator returns one; {@link Stream} adds the
 * fluent methods.
 *
 * @example
 * ```ts
 * import { Flow, map, pipe } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const doubled = pipe([1, 2], map((x) => x * 2));
 * assert.ok(doubled instanceof Flow);
 * const out: number[] = [];
 * for await (const x of doubled) out.push(x);
 * assert.deepEqual(out, [2, 4]);
 * ```
 */
export class Flow<T> implements AsyncIterable<T> {
  /**
   * The async source (for a sync source: an adapter over it).
   * @internal @hidden
   */
  readonly source: AsyncIterable<unknown>;
  /**
   * The sync iterable under `source`, when there is one: terminals then loop without await.
   * @internal @hidden
   */
  readonly syncSource: Iterable<unknown> | undefined;
  /**
   * The fused stages, in order.
   * @internal @hidden
   */
  readonly stages: readonly StageFactory[];

  /** @internal @hidden */
  constructor(
    source: AsyncIterable<unknown>,
    syncSource: Iterable<unknown> | undefined,
    stages: readonly StageFactory[],
  ) {
    this.source = source;
    this.syncSource = syncSource;
    this.stages = stages;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.stages.length === 0) {
      if (this.syncSource !== undefined)
        return new SyncSourceIterator(this.syncSource[Symbol.iterator]()) as AsyncIterator<T>;
      return this.source[Symbol.asyncIterator]() as AsyncIterator<T>;
    }
    const ctl: Ctl = { stop: false };
    const step = compose(this.stages, ctl);
    return new FusedIterator<T>(this, step, ctl);
  }
}

function syncAdapter<T>(iterable: Iterable<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => new SyncSourceIterator(iterable[Symbol.iterator]()) };
}

/** Makes a {@link Flow} of any async or sync iterable; throws a `TypeError` for anything else. */
export function toFlow<T>(input: StreamInput<T>, name = 'source'): Flow<T> {
  if (input instanceof Flow) return input;
  if (input != null && typeof (input as AsyncIterable<T>)[Symbol.asyncIterator] === 'function')
    return new Flow(input as AsyncIterable<T>, undefined, []);
  if (input != null && typeof (input as Iterable<T>)[Symbol.iterator] === 'function')
    return new Flow(syncAdapter(input as Iterable<T>), input as Iterable<T>, []);
  throw new TypeError(`${name} must be an AsyncIterable or an Iterable, got ${describe(input)}`);
}

/** A flow over `source` with no stages. */
export function flowOf<T>(source: AsyncIterable<T>): Flow<T> {
  return new Flow(source, undefined, []);
}

/** Appends one synchronous stage to `input`, fusing it with the stages already there. */
export function addStage<T>(input: StreamInput<unknown>, stage: StageFactory): Flow<T> {
  const flow = toFlow(input);
  return new Flow<T>(flow.source, flow.syncSource, [...flow.stages, stage]);
}

/** Composes the stages of one iteration into a single step. */
export function compose(stages: readonly StageFactory[], ctl: Ctl): Step {
  let step = stages[0]!(ctl);
  for (let i = 1; i < stages.length; i++) step = pair(step, stages[i]!(ctl));
  return step;
}

function pair(a: Step, b: Step): Step {
  return (x) => {
    const y = a(x);
    return y === SKIP ? SKIP : b(y);
  };
}

/**
 * Base of the hand-written iterators: serves `next()` calls in order even when a caller does not wait
 * for the previous one (as an async generator does), and makes `return()` idempotent.
 * A subclass's `pull()` must set `running = false` before its promise settles (in a `finally`).
 */
export abstract class PullIterator<T> implements AsyncIterator<T>, AsyncIterable<T> {
  protected finished = false;
  protected running = false;
  /** Whether a pull of the source (through {@link PullIterator.pullFrom}) is in flight. */
  protected pulling = false;
  private queued = 0;
  private tail: Promise<IteratorResult<T>> | undefined = undefined;

  next(): Promise<IteratorResult<T>> {
    if (this.running || this.queued !== 0) {
      this.queued++;
      const p = this.tail!.then(this.runQueued, this.runQueued);
      this.tail = p;
      return p;
    }
    if (this.finished) return donePromise;
    this.running = true;
    const p = this.pull();
    this.tail = p;
    return p;
  }

  private readonly runQueued = (): Promise<IteratorResult<T>> => {
    this.queued--;
    if (this.finished) return donePromise;
    this.running = true;
    return (this.tail = this.pull());
  };

  /**
   * Pulls `it` once: its result, or done (ending this iterator) when it has ended or this iterator was
   * returned meanwhile. A source error ends this iterator (no `return()` is owed to a source that threw).
   */
  protected async pullFrom<U>(it: AsyncIterator<U>): Promise<IteratorResult<U, undefined>> {
    let r: IteratorResult<U>;
    this.pulling = true;
    try {
      r = await nextOf(it);
    } catch (e) {
      this.finished = true;
      throw e;
    } finally {
      this.pulling = false;
    }
    if (r.done || this.finished) {
      this.finished = true;
      return doneResult;
    }
    return r;
  }

  /**
   * Ends the source `it` when the consumer leaves: `return()`, awaited (with its error, if any) unless
   * a pull of it is in flight: an async generator cannot return before that pull settles, and waiting
   * for it could hang on a source that never yields again.
   */
  protected returnSource(
    it: AsyncIterator<unknown> | undefined,
    inFlight = this.pulling,
  ): Promise<unknown> | undefined {
    if (it?.return === undefined) return undefined;
    if (inFlight) {
      void returnOf(it);
      return undefined;
    }
    try {
      return Promise.resolve(it.return()); // awaited by the caller of return(): its error is theirs
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Produces the next result; must clear `running` before settling. */
  protected abstract pull(): Promise<IteratorResult<T>>;

  /** Stops upstream work when the consumer leaves early. */
  protected abstract stop(): Promise<unknown> | undefined;

  return(): Promise<IteratorResult<T>> {
    if (this.finished) return donePromise;
    this.finished = true;
    const stopped = this.stop();
    return stopped === undefined ? donePromise : stopped.then(() => doneResult);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The pull side of a flow with stages: one `await` on the source per item, whatever the chain. */
class FusedIterator<T> extends PullIterator<T> {
  private iterator: AsyncIterator<unknown> | undefined = undefined;
  private readonly flow: Flow<T>;
  private readonly step: Step;
  private readonly ctl: Ctl;

  constructor(flow: Flow<T>, step: Step, ctl: Ctl) {
    super();
    this.flow = flow;
    this.step = step;
    this.ctl = ctl;
  }

  protected async pull(): Promise<IteratorResult<T>> {
    try {
      const ctl = this.ctl;
      if (ctl.stop) return await this.close();
      const it = (this.iterator ??= this.flow.source[Symbol.asyncIterator]());
      const step = this.step;
      for (;;) {
        // The hot path of a `for await` over fused stages: the source pull is written out here rather
        // than through `pullFrom`, which costs an extra async hop (~15% on a map/filter/take loop).
        let r: IteratorResult<unknown>;
        try {
          r = await it.next();
        } catch (e) {
          this.finished = true;
          throw e;
        }
        if (r.done || this.finished) {
          this.finished = true;
          return doneResult;
        }
        let y: unknown;
        try {
          y = step(r.value);
        } catch (e) {
          await this.close().catch(ignore);
          throw e;
        }
        if (y !== SKIP) return { done: false, value: y as T };
        if (ctl.stop) return await this.close();
      }
    } finally {
      this.running = false;
    }
  }

  /** Ends the flow from inside: `return()` upstream. */
  private async close(): Promise<IteratorResult<T>> {
    this.finished = true;
    await this.iterator?.return?.();
    return doneResult;
  }

  protected stop(): Promise<unknown> | undefined {
    // While a pull runs, its only wait is the source's next() (no flag set per item on the hot path).
    return this.returnSource(this.iterator, this.running);
  }
}

/**
 * A synchronous iterator over `flow` when its source is synchronous (stages applied), else `undefined`.
 * Concurrent operators use it to fill their buffers without a microtask per item.
 */
export function openSync<T>(flow: Flow<T>): Iterator<T> | undefined {
  const source = flow.syncSource;
  if (source === undefined) return undefined;
  const it = source[Symbol.iterator]();
  if (flow.stages.length === 0) return it as Iterator<T>;
  const ctl: Ctl = { stop: false };
  return new SyncFusedIterator<T>(it, compose(flow.stages, ctl), ctl);
}

class SyncFusedIterator<T> implements Iterator<T> {
  private finished = false;
  private readonly it: Iterator<unknown>;
  private readonly step: Step;
  private readonly ctl: Ctl;
  constructor(it: Iterator<unknown>, step: Step, ctl: Ctl) {
    this.it = it;
    this.step = step;
    this.ctl = ctl;
  }
  next(): IteratorResult<T> {
    const ctl = this.ctl;
    while (!this.finished) {
      if (ctl.stop) return this.return();
      const r = this.it.next();
      if (r.done) {
        this.finished = true;
        break;
      }
      let y: unknown;
      try {
        y = this.step(r.value);
      } catch (e) {
        this.return();
        throw e;
      }
      if (y !== SKIP) return { done: false, value: y as T };
    }
    return doneResult;
  }
  return(): IteratorResult<T> {
    if (!this.finished) {
      this.finished = true;
      this.it.return?.();
    }
    return doneResult;
  }
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as PromiseLike<unknown>).then === 'function';
}

/** Swallows an error (a cleanup's, when another error is already on its way). */
export function ignore(): void {}

/**
 * Runs `body` over every value of `input` that passes its stages, inside one `for await` (or a plain
 * `for` over a sync source). `body` returns `true` to stop early. Leaving early calls `return()` upstream.
 */
export async function drain<T>(
  input: StreamInput<T>,
  body: (value: T) => unknown,
  signal?: AbortSignal,
): Promise<void> {
  if (signal !== undefined) return drainUntilAborted(toFlow(input), body, signal);
  const flow = toFlow(input);
  if (flow.stages.length === 0) {
    if (flow.syncSource !== undefined) {
      for (const x of flow.syncSource as Iterable<T>) if (body(x) === true) break;
      return;
    }
    const it = flow.source[Symbol.asyncIterator]() as AsyncIterator<T>;
    if (isPollable(it)) return drainPollable(it, undefined, undefined, body);
    for await (const x of iterableOf(it)) if (body(x) === true) break;
    return;
  }
  const ctl: Ctl = { stop: false };
  const step = compose(flow.stages, ctl);
  if (ctl.stop) return;
  if (flow.syncSource !== undefined) {
    for (const x of flow.syncSource) {
      const y = step(x);
      if (y !== SKIP && body(y) === true) break;
      if (ctl.stop) break;
    }
    return;
  }
  const it = flow.source[Symbol.asyncIterator]();
  if (isPollable(it)) return drainPollable(it, step, ctl, body);
  for await (const x of iterableOf(it)) {
    const y = step(x);
    if (y !== SKIP && body(y) === true) break;
    if (ctl.stop) break;
  }
}

function iterableOf<T>(it: AsyncIterator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => it };
}

/**
 * `drain`'s loop over a {@link Pollable} source: every ready result in one turn, `await next()` only
 * when none is. Leaving early calls `return()` as `for await` does (awaited, and its error reported, on
 * a stop; swallowed when the body or a stage threw); a source that threw or ended is owed none.
 */
async function drainPollable<T>(
  it: Pollable<unknown>,
  step: Step | undefined,
  ctl: Ctl | undefined,
  body: (value: T) => unknown,
): Promise<void> {
  for (;;) {
    let x = it[pollNext]();
    if (x === NOT_READY) {
      const r = await it.next();
      x = r.done ? ENDED : r.value;
    }
    if (x === ENDED) return;
    let stop: boolean;
    try {
      const y = step === undefined ? x : step(x);
      stop = (y !== SKIP && body(y as T) === true) || ctl?.stop === true;
    } catch (e) {
      await returnOf(it);
      throw e;
    }
    if (stop) {
      await it.return?.();
      return;
    }
  }
}

/**
 * One `next()` of a source, as `for await` takes it: whatever `next()` returns (a promise, a foreign
 * thenable or a plain `{ value, done }` object) as a promise, and a synchronous throw as a rejection.
 */
export function nextOf<T>(it: AsyncIterator<T>): Promise<IteratorResult<T>> {
  try {
    return Promise.resolve(it.next());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Calls `it.return()` if it has one, as cleanup: whatever it returns or throws is swallowed (a cleanup
 * error does not replace the reason for closing). Settles once the source has returned.
 */
export function returnOf(it: AsyncIterator<unknown> | undefined): Promise<unknown> {
  if (it?.return === undefined) return donePromise;
  try {
    return Promise.resolve(it.return()).catch(ignore);
  } catch {
    return donePromise;
  }
}

/**
 * Races one pull at a time against an interruption (an abort, a consumer leaving). It holds only the
 * current race's reject function, so nothing accumulates per item: `Promise.race` with a long-lived
 * promise would leave one reaction on that promise per call until it settles.
 */
export class Interrupt extends Waiter {
  private current: ((reason: unknown) => void) | undefined = undefined;

  /** `p`'s outcome, unless {@link Interrupt.interrupt} comes first. */
  race<T>(p: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.current = reject;
      p.then(resolve, reject);
    });
  }

  /** Rejects the race in flight, if any, with `reason`. */
  interrupt(reason: unknown): void {
    const reject = this.current;
    this.current = undefined;
    reject?.(reason);
  }

  /** As a watcher of an abort signal: the signal's reason interrupts. */
  onAbort(reason: unknown): void {
    this.interrupt(reason);
  }
}

/**
 * `drain` with a signal: each pull (and each promise `body` returns) races the signal, which is watched
 * once for the whole loop (core's shared listener). On abort the source gets `return()` and the call
 * rejects with the reason.
 */
async function drainUntilAborted<T>(
  flow: Flow<T>,
  body: (value: T) => unknown,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) throw signal.reason;
  const watcher = new Interrupt();
  watchAbort(watcher, signal);
  const it = flow[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal.aborted) {
        // Checked each turn: a source that is always ready would otherwise win every race.
        await returnOf(it);
        throw signal.reason;
      }
      let r: IteratorResult<T>;
      try {
        r = await watcher.race(nextOf(it));
      } catch (e) {
        // The source threw (it is done), or the signal aborted (the pull in flight is abandoned).
        if (signal.aborted) void returnOf(it);
        throw e;
      }
      if (r.done) return;
      let stop: unknown;
      try {
        stop = body(r.value);
        if (isThenable(stop)) {
          await watcher.race(stop); // an async body (forEach) is awaited, never a stop signal
          stop = undefined;
        }
      } catch (e) {
        await returnOf(it);
        throw e;
      }
      if (stop === true) {
        await it.return?.();
        return;
      }
    }
  } finally {
    unwatchAbort(watcher);
  }
}

export { donePromise, doneResult };
