import { AsyncError } from '@async/core';
import {
  checkNumber,
  checkOptions,
  describe,
  unwatchAbort,
  Waiter,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { BytesMut } from './bytes-mut';
import type { Encoder } from './codec';

/**
 * The simplest byte sink: `write` takes a chunk and returns a promise when it applies backpressure
 * (the promise settles once the chunk is accepted). The chunk is the sink's to keep. A Node
 * `Writable` fits through a two-line adapter; a Web `WritableStream` is accepted directly.
 *
 * @example
 * ```ts
 * import { type ByteSink, FramedWrite, LinesCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const chunks: Uint8Array[] = [];
 * const sink: ByteSink = { write: async (chunk) => void chunks.push(chunk) };
 * await new FramedWrite(sink, new LinesCodec()).send('hi');
 * assert.equal(new TextDecoder().decode(chunks[0]), 'hi\n');
 * ```
 */
export interface ByteSink {
  write(chunk: Uint8Array): unknown;
  close?(): unknown;
}

/** Where `FramedWrite` writes bytes: a {@link ByteSink} or a Web `WritableStream`. */
export type ByteSinkLike = ByteSink | WritableStream<Uint8Array>;

/** Options of {@link FramedWrite}. */
export interface FramedWriteOptions {
  /**
   * Once this many encoded bytes are buffered, `feed` flushes them before encoding more (tokio's
   * backpressure boundary).
   * @defaultValue `8192`
   */
  readonly backpressureBoundary?: number;
}

/** The keys of {@link FramedWriteOptions}. */
export const FRAMED_WRITE_OPTIONS = ['backpressureBoundary'] as const;

/** Options of a waiting `FramedWrite` call. */
export interface WriteOptions {
  /**
   * Stops waiting with `signal.reason`. An item not yet encoded when the signal aborts is dropped;
   * bytes already handed to the sink stay written.
   */
  readonly signal?: AbortSignal;
}

/**
 * `feed`, `send` or `flush` on a `FramedWrite` that was closed.
 *
 * @example
 * ```ts
 * import { FramedWrite, LinesCodec, SinkClosedError } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const out = new FramedWrite({ write() {} }, new LinesCodec());
 * await out.close();
 * await assert.rejects(out.send('late'), SinkClosedError.is);
 * ```
 */
export class SinkClosedError extends AsyncError {
  override readonly name = 'SinkClosedError';
  static override readonly code = 'ERR_SINK_CLOSED';
  declare static readonly is: (e: unknown) => e is SinkClosedError;
  constructor() {
    super('the FramedWrite is closed');
  }
}

/**
 * Items encoded onto a byte sink (tokio-util's `FramedWrite` with `SinkExt`): `feed` encodes an item
 * into the write buffer, `flush` writes the buffer to the sink and waits for it, `send` is both.
 *
 * Backpressure: `feed` flushes first once `backpressureBoundary` bytes are buffered, and every flush
 * waits for the sink's `write` (for a `WritableStream`, until the underlying sink took the chunk). Calls
 * run in the order they are made even when not awaited; a failed write fails every later call.
 *
 * **Unawaited calls queue without bound.** A call that cannot complete at once (the sink is busy, or
 * the buffer is at the boundary) waits in a queue, holding its item until its turn, at about 350 bytes
 * plus the item per call. tokio-util cannot queue at all (a `Sink` takes one item at a time, after
 * `poll_ready`); the JavaScript counterpart of `poll_ready` is the promise each call returns: await it
 * (or `send` and await) and at most one call waits, which is the backpressure. Firing calls without
 * awaiting them is like writing to a `WritableStream` without awaiting: memory grows with the calls.
 *
 * **Cancel safety.** `feed` and `send` with a `signal`: an item is either encoded whole or not at all.
 * An abort before the item was encoded drops it at once (the queue keeps nothing of the call); an
 * abort while the bytes are being written leaves them written. `flush` may be called again.
 *
 * @example
 * ```ts
 * import { FramedWrite, LinesCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const written: Uint8Array[] = [];
 * const out = new FramedWrite({ write: (chunk) => void written.push(chunk) }, new LinesCodec());
 * await out.feed('one');
 * await out.feed('two');
 * assert.equal(written.length, 0); // buffered
 * await out.send('three'); // feed + flush: one write
 * assert.equal(new TextDecoder().decode(written[0]), 'one\ntwo\nthree\n');
 * ```
 */
export class FramedWrite<T> implements AsyncDisposable {
  /** The encoder; it may be replaced between items. */
  encoder: Encoder<T>;
  /** Encoded bytes not yet written (tokio's `write_buffer`). */
  readonly writeBuffer: BytesMut = new BytesMut();
  private readonly sink: ByteSinkLike;
  private readonly boundary: number;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined = undefined;
  /** Calls that could not complete at once, in call order; the head runs when the sink is free. */
  private readonly ops = new WaitQueue<WriteOp<T>>();
  /** A write to the sink (or its close) is in flight. */
  private busy = false;
  private failure: { error: unknown } | undefined = undefined;
  /** `close()` was called: the promise of the first call. */
  private closing: Promise<void> | undefined = undefined;
  /** The call whose promise `executor` is creating. */
  private pending: WriteOp<T> | undefined = undefined;

  constructor(sink: ByteSinkLike, encoder: Encoder<T>, options?: FramedWriteOptions) {
    const s = sink as Partial<WritableStream & ByteSink> | null | undefined;
    if (typeof s?.getWriter !== 'function' && typeof s?.write !== 'function') {
      throw new TypeError(
        `sink must be a WritableStream or an object with a write method, got ${describe(sink)}`,
      );
    }
    if (typeof (encoder as Partial<Encoder<T>> | null | undefined)?.encode !== 'function') {
      throw new TypeError(
        `encoder must be an Encoder (an object with an encode method), got ${describe(encoder)}`,
      );
    }
    checkOptions(options, 'FramedWrite options', FRAMED_WRITE_OPTIONS);
    const { backpressureBoundary = 8192 } = options ?? {};
    checkNumber(backpressureBoundary, 'backpressureBoundary', 0);
    this.sink = sink;
    this.encoder = encoder;
    this.boundary = backpressureBoundary;
  }

  /**
   * Encodes `item` into the write buffer, flushing first if the buffer is at the backpressure
   * boundary. Resolves at once when there is room. Rejects with the encoder's error (nothing written).
   */
  feed(item: T, options?: WriteOptions): Promise<void> {
    const signal = options?.signal;
    const refused = this.refused(signal);
    if (refused !== undefined) return refused;
    if (this.idle() && this.hasRoom()) return this.encodedNow(item) ?? RESOLVED;
    return this.enqueue(FEED, item, signal);
  }

  /** Writes everything buffered to the sink and waits until the sink accepted it. */
  flush(options?: WriteOptions): Promise<void> {
    const signal = options?.signal;
    const refused = this.refused(signal);
    if (refused !== undefined) return refused;
    if (this.idle()) {
      // Write at once; a sink that took the bytes synchronously (or threw) leaves nothing to wait for.
      if (this.failure === undefined) this.startWrite();
      if (this.idle()) return this.failure === undefined ? RESOLVED : Promise.reject(this.failure.error);
    }
    return this.enqueue(FLUSH, undefined, signal);
  }

  /** `feed(item)` then `flush()`: resolves once the item's bytes were accepted by the sink. */
  send(item: T, options?: WriteOptions): Promise<void> {
    const signal = options?.signal;
    const refused = this.refused(signal);
    if (refused !== undefined) return refused;
    if (this.idle() && this.hasRoom()) return this.encodedNow(item) ?? this.flush(options);
    return this.enqueue(SEND, item, signal);
  }

  /** The rejection of a call made after `close()` or with an aborted signal; `undefined` otherwise. */
  private refused(signal: AbortSignal | undefined): Promise<never> | undefined {
    if (this.closing !== undefined) return Promise.reject(new SinkClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return undefined;
  }

  /** Encodes `item` into the buffer now: the encoder's error as a rejection, `undefined` once written. */
  private encodedNow(item: T): Promise<never> | undefined {
    try {
      this.encodeNow(item);
    } catch (e) {
      return Promise.reject(e);
    }
    return undefined;
  }

  /** Flushes, then closes the sink (`close()` / `WritableStream` close). Later calls reject with {@link SinkClosedError}. */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing.then(noop, noop);
    this.closing = this.enqueue(CLOSE, undefined, undefined);
    return this.closing;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Nothing queued and no write in flight: a call may act at once. */
  private idle(): boolean {
    return this.ops.size === 0 && !this.busy;
  }

  /** An item may be encoded without flushing first (tokio's `poll_ready`: below the boundary, or empty). */
  private hasRoom(): boolean {
    const n = this.writeBuffer.length;
    return n < this.boundary || n === 0;
  }

  private encodeNow(item: T): void {
    if (this.failure !== undefined) throw this.failure.error;
    this.encoder.encode(item, this.writeBuffer);
  }

  private enqueue(kind: number, item: T | undefined, signal: AbortSignal | undefined): Promise<void> {
    const op = new WriteOp<T>(this.ops, kind, item);
    this.pending = op;
    const p = new Promise<void>(this.executor);
    this.ops.push(op);
    if (signal !== undefined) watchAbort(op, signal);
    this.pump();
    return p;
  }

  /** Runs queued calls, oldest first, until one has to wait for the sink. */
  private pump(): void {
    for (;;) {
      if (this.busy) return;
      const op = this.ops.peek();
      if (op === undefined) return;
      if (op.kind <= SEND) {
        if (this.failure === undefined && !this.hasRoom()) {
          this.startWrite();
          continue;
        }
        const item = op.item as T;
        op.item = undefined;
        op.kind = op.kind === SEND ? FLUSH : DONE;
        try {
          this.encodeNow(item);
        } catch (e) {
          this.complete(op, e, true);
          continue;
        }
        if (op.kind === DONE) {
          this.complete(op);
          continue;
        }
      }
      if (this.failure !== undefined) this.complete(op, this.failure.error, true);
      else if (this.writeBuffer.length > 0) this.startWrite();
      else if (op.kind === CLOSE) this.closeSink(op);
      else this.complete(op);
    }
  }

  private complete(op: WriteOp<T>, error?: unknown, failed = false): void {
    this.ops.remove(op);
    op.finish(error, failed);
  }

  private readonly executor = (resolve: () => void, reject: (e: unknown) => void): void => {
    const op = this.pending!;
    this.pending = undefined;
    op.resolve = resolve;
    op.reject = reject;
  };

  /** Hands the whole buffer to the sink; `busy` until the sink accepted it. */
  private startWrite(): void {
    if (this.writeBuffer.length === 0) return;
    const bytes = this.writeBuffer.split();
    let written: unknown;
    try {
      written = this.write(bytes);
    } catch (e) {
      this.failure ??= { error: e };
      return;
    }
    if (typeof (written as PromiseLike<unknown> | undefined)?.then !== 'function') return;
    this.busy = true;
    (written as PromiseLike<unknown>).then(this.onWritten, this.onWriteFailed);
  }

  private readonly onWritten = (): void => {
    this.busy = false;
    this.pump();
  };

  private readonly onWriteFailed = (error: unknown): void => {
    this.failure ??= { error };
    this.onWritten();
  };

  private write(bytes: Uint8Array): unknown {
    if (this.writer !== undefined) return this.writer.write(bytes);
    const sink = this.sink as Partial<WritableStream<Uint8Array>> & ByteSink;
    if (typeof sink.getWriter === 'function') {
      this.writer = sink.getWriter();
      return this.writer.write(bytes);
    }
    return sink.write(bytes);
  }

  private closeSink(op: WriteOp<T>): void {
    this.busy = true;
    let closed: unknown;
    try {
      if (this.writer !== undefined) closed = this.writer.close();
      else {
        const sink = this.sink as Partial<WritableStream<Uint8Array>> & ByteSink;
        closed = typeof sink.getWriter === 'function' ? sink.getWriter().close() : sink.close?.();
      }
    } catch (e) {
      closed = Promise.reject(e);
    }
    Promise.resolve(closed).then(
      () => {
        this.busy = false;
        this.complete(op);
      },
      (e: unknown) => {
        this.busy = false;
        this.complete(op, e, true);
      },
    );
  }
}

/** What a queued call still has to do: encode its item (then done, or then flush), flush, close. */
const FEED = 0;
const SEND = 1;
const DONE = 2;
const FLUSH = 3;
const CLOSE = 4;

/**
 * A call waiting in a `FramedWrite`'s queue: its item until encoded, its promise, its abort watch.
 * An aborted call leaves the queue at once, and its item with it. (Whenever a call is queued, a write
 * is in flight, and its end runs the queue on: nothing else needs waking.)
 */
class WriteOp<T> extends Waiter {
  ops: WaitQueue<WriteOp<T>>;
  kind: number;
  item: T | undefined;
  resolve: () => void = noop;
  reject: (e: unknown) => void = noop;
  constructor(ops: WaitQueue<WriteOp<T>>, kind: number, item: T | undefined) {
    super();
    this.ops = ops;
    this.kind = kind;
    this.item = item;
  }
  finish(error: unknown, failed: boolean): void {
    unwatchAbort(this);
    this.item = undefined;
    if (failed) this.reject(error);
    else this.resolve();
  }
  onAbort(reason: unknown): void {
    if (this.ops.remove(this)) this.finish(reason, true);
  }
}

const RESOLVED: Promise<void> = /* @__PURE__ */ Promise.resolve();
function noop(): void {}
