import { AsyncError, hasErrorCode, unwatchAbort, Waiter, watchAbort } from '@async/core';
import { BytesMut } from './bytes-mut';
import type { Encoder } from './codec';
import { checkNumber, checkOptions, describe } from './validate';

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
  readonly code = 'ERR_SINK_CLOSED';
  constructor() {
    super('the FramedWrite is closed');
  }
  /** Whether `e` is a `SinkClosedError` from any copy of @async/codec. */
  static is(e: unknown): e is SinkClosedError {
    return hasErrorCode(e, 'ERR_SINK_CLOSED');
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
 * **Cancel safety.** `feed` and `send` with a `signal`: an item is either encoded whole or not at all;
 * an abort while the bytes are being written leaves them written. `flush` may be called again.
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
  /** The last queued operation (never rejects), while any is queued. */
  private tail: Promise<unknown> | undefined = undefined;
  private queued = 0;
  private failure: { error: unknown } | undefined = undefined;
  private closed = false;

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
    if (this.closed) return Promise.reject(new SinkClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tail === undefined && this.writeBuffer.length < this.boundary) {
      try {
        this.encodeNow(item);
      } catch (e) {
        return Promise.reject(e);
      }
      return RESOLVED;
    }
    return this.enqueue(() => {
      if (signal?.aborted) throw signal.reason;
      if (this.writeBuffer.length < this.boundary) return this.encodeNow(item);
      return this.writeOut().then(() => {
        if (signal?.aborted) throw signal.reason;
        this.encodeNow(item);
      });
    }, signal);
  }

  /** Writes everything buffered to the sink and waits until the sink accepted it. */
  flush(options?: WriteOptions): Promise<void> {
    if (this.closed) return Promise.reject(new SinkClosedError());
    if (this.tail === undefined && this.writeBuffer.length === 0 && this.failure === undefined)
      return RESOLVED;
    return this.enqueue(this.writeOut, options?.signal);
  }

  /** `feed(item)` then `flush()`: resolves once the item's bytes were accepted by the sink. */
  send(item: T, options?: WriteOptions): Promise<void> {
    const fed = this.feed(item, options);
    return fed === RESOLVED ? this.flush(options) : fed.then(() => this.flush(options));
  }

  /** Flushes, then closes the sink (`close()` / `WritableStream` close). Later calls reject with {@link SinkClosedError}. */
  close(): Promise<void> {
    if (this.closed) return this.tail === undefined ? RESOLVED : this.tail.then(noop);
    const done = this.enqueue(() =>
      this.writeOut().then(() => {
        if (this.writer !== undefined) return this.writer.close();
        const sink = this.sink as Partial<WritableStream<Uint8Array>> & ByteSink;
        if (typeof sink.getWriter === 'function') return (sink as WritableStream<Uint8Array>).close();
        return sink.close?.();
      }),
    );
    this.closed = true;
    return done.then(noop);
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private encodeNow(item: T): void {
    if (this.failure !== undefined) throw this.failure.error;
    this.encoder.encode(item, this.writeBuffer);
  }

  private readonly writeOut = (): Promise<void> => {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.writeBuffer.length === 0) return RESOLVED;
    const bytes = this.writeBuffer.split();
    let written: unknown;
    try {
      written = this.write(bytes);
    } catch (e) {
      return this.fail(e);
    }
    return Promise.resolve(written).then(noop, this.fail);
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

  private readonly fail = (error: unknown): Promise<never> => {
    this.failure ??= { error };
    return Promise.reject(error);
  };

  private enqueue(op: () => unknown, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.queued++;
    const run = (this.tail ?? RESOLVED).then(op) as Promise<void>;
    this.tail = run.then(this.dequeue, this.dequeue);
    return signal === undefined ? run : raceAbort(run, signal);
  }

  private readonly dequeue = (): void => {
    if (--this.queued === 0) this.tail = undefined;
  };
}

class AbortRace extends Waiter {
  reject: (reason: unknown) => void = noop;
  onAbort(reason: unknown): void {
    this.reject(reason);
  }
}

function raceAbort(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const race = new AbortRace();
    race.reject = reject;
    watchAbort(race, signal);
    p.then(
      () => {
        unwatchAbort(race);
        resolve();
      },
      (e) => {
        unwatchAbort(race);
        reject(e);
      },
    );
  });
}

const RESOLVED: Promise<void> = Promise.resolve();
function noop(): void {}
