/**
 * `StreamMap`: a keyed merge whose set of streams changes while it runs. `merge` is built on it.
 *
 * # Implementation notes
 *
 * Each entry holds at most one pull in flight, and at most one result waiting. An entry with a
 * waiting result is itself the node of the ready queue, so a queued result allocates nothing.
 * Results are handed out in arrival order, and an entry is pulled again only after its result was
 * consumed and the queue ran dry: sources that are always ready are served round-robin, and no
 * source can starve another (tokio starts each poll at a random index for the same purpose).
 * Nothing is pulled before the first `next()`, and at most one item per stream is buffered.
 */
import { donePromise, doneResult, ignore, nextOf, returnOf, type StreamInput, toFlow } from './flow';

class Entry<K> {
  iterator: AsyncIterator<unknown> | undefined = undefined;
  busy = false;
  /** In `MergeCore.idle`: neither pulling nor holding a result. */
  idle = false;
  removed = false;
  queued = false;
  ok = true;
  value: unknown = undefined;
  readyNext: Entry<K> | undefined = undefined;
  readonly key: K;
  readonly source: AsyncIterable<unknown>;
  readonly original: unknown;
  readonly onResult: (r: IteratorResult<unknown>) => void;
  readonly onError: (e: unknown) => void;
  constructor(key: K, source: AsyncIterable<unknown>, original: unknown, core: MergeCore<K, unknown>) {
    this.key = key;
    this.source = source;
    this.original = original;
    this.onResult = (r) => core.arrived(this, r);
    this.onError = (e) => core.failed(this, e);
  }
}

/** The engine of `StreamMap` (keyed: yields `[key, value]`) and `merge` (yields values). */
export class MergeCore<K, V> {
  readonly entries = new Map<K, Entry<K>>();
  private readonly keyed: boolean;
  private readonly ends: boolean;
  private readyHead: Entry<K> | undefined = undefined;
  private readyTail: Entry<K> | undefined = undefined;
  private resolve: ((r: IteratorResult<V>) => void) | undefined = undefined;
  private reject: ((e: unknown) => void) | undefined = undefined;
  private waiting: Promise<IteratorResult<V>> | undefined = undefined;
  finished = false;

  /** `ends`: once every stream has ended, the iteration is over for good (`merge`). */
  constructor(keyed: boolean, ends: boolean) {
    this.keyed = keyed;
    this.ends = ends;
  }

  add(key: K, source: AsyncIterable<unknown>, original: unknown = source): void {
    const entry = new Entry(key, source, original, this as MergeCore<K, unknown>);
    this.entries.set(key, entry);
    if (this.resolve !== undefined) this.pull(entry);
    else this.makeIdle(entry);
  }

  /** Entries to pull at the next wait: kept apart so that a `next()` does not walk every entry. */
  private idle: Entry<K>[] = [];

  private makeIdle(entry: Entry<K>): void {
    if (entry.idle) return;
    entry.idle = true;
    this.idle.push(entry);
  }

  /** Removes the entry of `key` and ends its iteration; returns the source it was added with. */
  delete(key: K): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    entry.removed = true;
    if (entry.queued) this.unqueue(entry);
    void returnOf(entry.iterator);
    if (this.resolve !== undefined && this.entries.size === 0) this.deliver(doneResult);
    return entry.original;
  }

  next(): Promise<IteratorResult<V>> {
    if (this.waiting !== undefined) {
      const after = () => this.next();
      return this.waiting.then(after, after);
    }
    if (this.finished) return donePromise;
    const entry = this.readyHead;
    if (entry !== undefined) {
      const { ok, value } = entry;
      this.unqueue(entry);
      this.makeIdle(entry);
      if (ok) return Promise.resolve({ done: false, value: this.item(entry, value) });
      const error = value;
      return this.shutdown().then(() => Promise.reject(error));
    }
    if (this.entries.size === 0) {
      if (this.ends) this.finished = true;
      return donePromise;
    }
    const p = new Promise<IteratorResult<V>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.waiting = p;
    const idle = this.idle;
    this.idle = [];
    for (const e of idle) {
      e.idle = false;
      if (!e.removed && !e.busy) this.pull(e);
    }
    return p;
  }

  private item(entry: Entry<K>, value: unknown): V {
    return (this.keyed ? [entry.key, value] : value) as V;
  }

  private pull(entry: Entry<K>): void {
    entry.busy = true;
    let it: AsyncIterator<unknown>;
    try {
      it = entry.iterator ??= entry.source[Symbol.asyncIterator]();
    } catch (e) {
      Promise.reject(e).then(entry.onResult, entry.onError);
      return;
    }
    nextOf(it).then(entry.onResult, entry.onError);
  }

  arrived(entry: Entry<K>, r: IteratorResult<unknown>): void {
    entry.busy = false;
    if (entry.removed || this.finished) return;
    if (r.done) {
      this.entries.delete(entry.key);
      entry.removed = true;
      if (this.resolve !== undefined && this.entries.size === 0) this.deliver(doneResult);
      return;
    }
    if (this.resolve !== undefined) {
      this.makeIdle(entry);
      this.deliver({ done: false, value: this.item(entry, r.value) });
    } else this.enqueue(entry, true, r.value);
  }

  failed(entry: Entry<K>, error: unknown): void {
    entry.busy = false;
    if (entry.removed || this.finished) return;
    this.entries.delete(entry.key);
    entry.removed = true;
    entry.iterator = undefined; // a stream that threw is done: no return() for it
    const reject = this.reject;
    if (reject !== undefined) {
      this.clearWaiter();
      this.shutdown().then(() => reject(error));
    } else this.enqueue(entry, false, error);
  }

  private enqueue(entry: Entry<K>, ok: boolean, value: unknown): void {
    entry.ok = ok;
    entry.value = value;
    entry.queued = true;
    entry.readyNext = undefined;
    if (this.readyTail === undefined) this.readyHead = entry;
    else this.readyTail.readyNext = entry;
    this.readyTail = entry;
  }

  private unqueue(entry: Entry<K>): void {
    let prev: Entry<K> | undefined;
    for (let e = this.readyHead; e !== undefined; prev = e, e = e.readyNext) {
      if (e !== entry) continue;
      if (prev === undefined) this.readyHead = e.readyNext;
      else prev.readyNext = e.readyNext;
      if (this.readyTail === e) this.readyTail = prev;
      break;
    }
    entry.queued = false;
    entry.readyNext = undefined;
    entry.value = undefined;
  }

  private deliver(result: IteratorResult<V>): void {
    const resolve = this.resolve!;
    this.clearWaiter();
    if (result.done && this.ends) this.finished = true;
    resolve(result);
  }

  private clearWaiter(): void {
    this.resolve = this.reject = undefined;
    this.waiting = undefined;
  }

  /**
   * Ends every stream: `return()` on each, awaited for those idle; a stream with a pull in flight is
   * told to return without waiting (an async generator cannot run its `finally` before that pull
   * settles, and waiting could hang on a stream that never yields again).
   */
  shutdown(): Promise<unknown> {
    this.finished = true;
    this.readyHead = this.readyTail = undefined;
    const waits: Promise<unknown>[] = [];
    for (const entry of this.entries.values()) {
      entry.removed = true;
      const it = entry.iterator;
      if (it?.return === undefined) continue;
      const returned = Promise.resolve()
        .then(() => it.return!())
        .catch(ignore);
      if (!entry.busy) waits.push(returned);
    }
    this.entries.clear();
    this.idle = [];
    return Promise.all(waits);
  }

  return(): Promise<IteratorResult<V>> {
    if (this.finished && this.entries.size === 0) return donePromise;
    const resolve = this.resolve;
    this.clearWaiter();
    const stopped = this.shutdown();
    resolve?.(doneResult);
    return stopped.then(() => doneResult);
  }
}

/**
 * A keyed merge of streams that can change while it runs (tokio-stream's `StreamMap`). Iterating it
 * yields `[key, value]` from whichever stream has a value, fairly; a stream that ends is removed
 * silently. While the map is empty, `next()` reports done; streams inserted later are picked up by
 * the following `next()`. Leaving a `for await` early (or `return()`) ends every stream in it.
 *
 * Differences from tokio: fairness comes from serving results in arrival order (round-robin among
 * streams that are always ready) rather than a random start index; `remove` and a replacing `insert`
 * end the removed stream's iteration (`return()`), as dropping it would in Rust, and a value it had in
 * flight is discarded.
 *
 * @example
 * ```ts
 * import { StreamMap } from '@async/stream';
 * import assert from 'node:assert/strict';
 *
 * const map = new StreamMap<string, number>();
 * map.insert('a', [1, 2]);
 * map.insert('b', [10]);
 * const seen: string[] = [];
 * for await (const [key, value] of map) seen.push(`${key}=${value}`);
 * assert.deepEqual(seen.sort(), ['a=1', 'a=2', 'b=10']);
 * assert.equal(map.size, 0);
 * ```
 */
export class StreamMap<K, V> implements AsyncIterableIterator<[K, V]> {
  private readonly core = new MergeCore<K, [K, V]>(true, false);

  /**
   * Adds `stream` under `key`. If `key` was taken, the old stream is ended and returned (as tokio's
   * `insert` returns it). Throws a `TypeError` if `stream` is not iterable.
   */
  insert(key: K, stream: StreamInput<V>): StreamInput<V> | undefined {
    const flow = toFlow(stream, 'StreamMap.insert: stream');
    const old = this.remove(key);
    this.core.finished = false;
    this.core.add(key, flow, stream);
    return old;
  }

  /** Removes the stream under `key`, ending its iteration; returns it, or `undefined` if none. */
  remove(key: K): StreamInput<V> | undefined {
    return this.core.delete(key) as StreamInput<V> | undefined;
  }

  /** Whether a stream is registered under `key`. */
  has(key: K): boolean {
    return this.core.entries.has(key);
  }

  /** The keys of the streams still running, in insertion order. */
  keys(): K[] {
    return [...this.core.entries.keys()];
  }

  /** How many streams are registered. */
  get size(): number {
    return this.core.entries.size;
  }

  /**
   * The next `[key, value]` from any stream; done while the map is empty.
   *
   * **Cancel safety:** none. A value that arrives while a `next()` is pending is handed to that call,
   * so an abandoned `next()` promise takes its value with it: keep the promise across loop turns.
   */
  next(): Promise<IteratorResult<[K, V]>> {
    return this.core.next();
  }

  /** Ends every stream and empties the map. */
  return(): Promise<IteratorResult<[K, V]>> {
    return this.core.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
