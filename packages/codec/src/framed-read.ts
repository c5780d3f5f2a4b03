import {
  checkBoolean,
  checkOptions,
  checkSignal,
  describe,
  unwatchAbort,
  Waiter,
  watchAbort,
} from '@async/core/protocol';
import { asBytes, type ByteChunk } from './byte-chunk';
import { BytesMut } from './bytes-mut';
import { type Decoder, decodeEof } from './codec';

/**
 * Where `FramedRead` reads bytes from: any (async) iterable of chunks, or a Web `ReadableStream`. A
 * chunk may be any {@link ByteChunk} (a `Uint8Array`, another `ArrayBufferView`, an `ArrayBuffer`).
 */
export type ByteSource = AsyncIterable<ByteChunk> | Iterable<ByteChunk> | ReadableStream<ByteChunk>;

/** Options of {@link FramedRead}. */
export interface FramedReadOptions {
  /**
   * Copy every input chunk instead of adopting large ones by reference. Set it when the source reuses
   * the memory of a chunk after yielding it (a BYOB reader into one buffer, say); otherwise frames
   * may be views of the input (see `BytesMut`).
   * @defaultValue `false`
   */
  readonly copyInput?: boolean;
  /**
   * Aborting it rejects a pending `next()` with `signal.reason`, stops reading and cancels the source.
   * The listener is attached only while a `next()` waits for input.
   */
  readonly signal?: AbortSignal;
}

/** The keys of {@link FramedReadOptions}. */
export const FRAMED_READ_OPTIONS = ['copyInput', 'signal'] as const;

/** tokio-util's read states: read before decoding, decode until "need more", then at the end only `decodeEof`. */
const READING = 0;
const FRAMING = 1;
const EOF = 2;
const DONE = 3;

/**
 * Frames decoded from a byte stream (tokio-util's `FramedRead`), as an `AsyncIterable`:
 * `for await (const frame of new FramedRead(source, decoder))`.
 *
 * It follows tokio-util's read loop: it reads a chunk before it first decodes; after each chunk it asks
 * the decoder for frames until the decoder needs more bytes, and only then reads again (an empty chunk
 * is skipped without asking). At the end of the input it calls only `decodeEof`, until that returns
 * `undefined` (see {@link decodeEof}), then ends. Chunks may be any {@link ByteChunk}; anything else
 * ends the reader with a `TypeError` naming what came.
 *
 * **Errors.** When the decoder throws, `next()` rejects with that error and a `for await` loop ends.
 * If the decoder consumed input since the previous frame (it skipped the bad part: a too-long line,
 * invalid UTF-8, malformed JSON), the reader stays open, so iterating again goes on with what follows,
 * decoding what is already buffered first. If it consumed nothing ({@link FrameTooBigError}, a header
 * the codec refuses), the same error would come back on every call: the reader ends instead, and the
 * source is cancelled, as a Rust stream returns `None` after an error it cannot get past. An error
 * from the source, or at the end of the input, also ends the reader.
 *
 * **A frame must consume input.** A decoder that returns a frame without consuming any byte since the
 * previous frame would return it again and again: `next()` rejects with a `TypeError` instead and the
 * reader ends. (tokio-util loops forever there.) A decoder that turns one message into several items
 * returns them together, as an array.
 *
 * **Batches.** `reader.batches()` hands out the same frames as arrays, one per chunk read (every
 * frame that chunk completes): a plain loop over each array costs one promise per chunk instead of one
 * per frame, which is most of the cost of framing small frames. See {@link FramedRead.batches}.
 *
 * **Cancel safety.** Leaving a `for await` loop early (`break`, `return`) calls `return()`, which
 * cancels the source: use `next()` directly to keep reading later. A `next()` raced in `select` and
 * abandoned still delivers its frame to its own promise; keep that promise rather than calling `next()`
 * again.
 *
 * @example
 * ```ts
 * import { FramedRead, LengthDelimitedCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const wire = new Uint8Array([0, 0, 0, 1, 65, 0, 0, 0, 2, 66, 67]);
 * const chunks = [wire.subarray(0, 3), wire.subarray(3, 7), wire.subarray(7)];
 * const frames: string[] = [];
 * for await (const frame of new FramedRead(chunks, new LengthDelimitedCodec())) {
 *   frames.push(new TextDecoder().decode(frame));
 * }
 * assert.deepEqual(frames, ['A', 'BC']);
 * ```
 */
export class FramedRead<T> implements AsyncIterableIterator<T>, AsyncDisposable {
  /** The decoder; it may be replaced between frames (tokio's `decoder_mut` / `map_decoder`). */
  decoder: Decoder<T>;
  /** Bytes read but not yet decoded (tokio's `read_buffer`). */
  readonly readBuffer: BytesMut = new BytesMut();
  private readonly source: ByteSource;
  private readonly copyInput: boolean;
  private readonly signal: AbortSignal | undefined;
  private state = READING;
  /** `readBuffer.consumed` after the last frame or error: the next one must come after more input. */
  private progress = 0;
  private pullNext: (() => IteratorResult<unknown> | PromiseLike<IteratorResult<unknown>>) | undefined;
  private cancelSource: (() => unknown) | undefined;
  /** The pending `next()` or `nextBatch()`, if one waits for input. */
  private current: Promise<IteratorResult<unknown>> | undefined = undefined;
  /** Whether the pending read wants a batch (an array of frames) rather than one frame. */
  private batching = false;
  /** A decoder error that came after some frames of a batch: reported by the next read. */
  private deferred: { readonly error: unknown } | undefined = undefined;
  private resolve: (r: IteratorResult<unknown>) => void = noop;
  private reject: (e: unknown) => void = noop;
  private waiter: AbortWaiter | undefined;

  constructor(source: ByteSource, decoder: Decoder<T>, options?: FramedReadOptions) {
    checkSource(source);
    checkDecoder(decoder);
    checkOptions(options, 'FramedRead options', FRAMED_READ_OPTIONS);
    const { copyInput = false, signal } = options ?? {};
    checkBoolean(copyInput, 'copyInput');
    if (signal !== undefined) checkSignal(signal, 'signal');
    this.source = source;
    this.decoder = decoder;
    this.copyInput = copyInput;
    this.signal = signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next frame, or `{ done: true }` once the input has ended and every frame was returned. */
  next(): Promise<IteratorResult<T>> {
    if (this.current !== undefined) return this.current.then(this.nextAfter, this.nextAfter);
    const deferred = this.deferred;
    if (deferred !== undefined) {
      this.deferred = undefined;
      return Promise.reject(deferred.error);
    }
    if (this.state === FRAMING || this.state === EOF) {
      let frame: T | undefined;
      try {
        frame = this.poll();
      } catch (e) {
        return Promise.reject(e);
      }
      if (frame !== undefined) return Promise.resolve({ value: frame, done: false });
    }
    return this.read(false) as Promise<IteratorResult<T>>;
  }

  /**
   * Every frame that can be decoded from the bytes buffered now, as one array, reading more input
   * first if none can; `{ done: true }` once the input has ended and every frame was returned. An array
   * is never empty. Usually {@link FramedRead.batches} is handier; this is its `next()`.
   */
  nextBatch(): Promise<IteratorResult<T[]>> {
    if (this.current !== undefined) return this.current.then(this.nextBatchAfter, this.nextBatchAfter);
    const deferred = this.deferred;
    if (deferred !== undefined) {
      this.deferred = undefined;
      return Promise.reject(deferred.error);
    }
    if (this.state === FRAMING || this.state === EOF) {
      let frames: T[];
      try {
        frames = this.pollAll();
      } catch (e) {
        return Promise.reject(e);
      }
      if (frames.length > 0) return Promise.resolve({ value: frames, done: false });
    }
    return this.read(true) as Promise<IteratorResult<T[]>>;
  }

  /**
   * The frames in batches: each item is an array of every frame decoded from the input read so far —
   * for a source of chunks, the frames that each chunk completes. Iterating over the arrays with a
   * plain loop costs one promise per chunk instead of one per frame, which is most of the cost of
   * framing small frames (short lines, small messages); frames and their order are the same as with
   * `for await` over the reader itself. Both read the same input: a loop may switch from one to the
   * other between items.
   *
   * **Errors.** When the decoder throws after some frames of a batch, the batch ends there and is
   * handed out; the error comes from the next read, as it would have in order with `next()`.
   *
   * **Cancel safety.** As for `next()`: leaving a `for await` loop early cancels the source. A batch
   * holds at most the frames of the bytes buffered at the time (one chunk's worth, plus a partial frame
   * carried over), so memory stays bounded by the chunk size.
   *
   * @example
   * ```ts
   * import { FramedRead, LinesCodec } from '@async/codec';
   * import assert from 'node:assert/strict';
   *
   * const encoder = new TextEncoder();
   * const chunks = [encoder.encode('one\ntwo\nthr'), encoder.encode('ee\nfour\n')];
   * const batches: string[][] = [];
   * for await (const lines of new FramedRead(chunks, new LinesCodec()).batches()) batches.push(lines);
   * assert.deepEqual(batches, [['one', 'two'], ['three', 'four']]);
   * ```
   */
  batches(): AsyncIterableIterator<T[]> & AsyncDisposable {
    return new FrameBatches(this);
  }

  /** Waits for input, then hands out a frame or (`batch`) every frame it completes. */
  private read(batch: boolean): Promise<IteratorResult<unknown>> {
    if (this.state === DONE) return Promise.resolve(DONE_RESULT);
    const signal = this.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const p = new Promise<IteratorResult<unknown>>(this.executor);
    this.current = p;
    this.batching = batch;
    if (signal !== undefined) {
      this.waiter ??= new AbortWaiter(this);
      watchAbort(this.waiter, signal);
    }
    this.pull();
    return p;
  }

  /** Stops reading and cancels the source; resolves `{ done: true }`. */
  return(): Promise<IteratorResult<T>> {
    this.finish();
    this.deferred = undefined;
    return Promise.resolve(DONE_RESULT);
  }

  /** Same as `return()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.finish();
    this.deferred = undefined;
  }

  /** @internal */
  abort(reason: unknown): void {
    this.finish();
    this.settle(undefined, reason);
  }

  private finish(): void {
    if (this.state === DONE) return;
    this.state = DONE;
    const cancel = this.cancelSource;
    if (cancel !== undefined) {
      try {
        Promise.resolve(cancel()).catch(noop);
      } catch {
        // a source that fails to cancel is closed as far as we are concerned
      }
    }
  }

  private readonly nextAfter = (): Promise<IteratorResult<T>> => this.next();
  private readonly nextBatchAfter = (): Promise<IteratorResult<T[]>> => this.nextBatch();

  private readonly executor = (
    resolve: (r: IteratorResult<unknown>) => void,
    reject: (e: unknown) => void,
  ): void => {
    this.resolve = resolve;
    this.reject = reject;
  };

  /**
   * Asks the decoder for a frame (`decode` while framing, `decodeEof` at the end of input) and moves
   * to reading when it needs more, or to done when the input is exhausted. Throws what the decoder
   * throws, having ended the reader if that error would only repeat.
   */
  private poll(): T | undefined {
    const buf = this.readBuffer;
    let frame: T | undefined;
    try {
      if (this.state === FRAMING) {
        frame = this.decoder.decode(buf);
        if (frame === undefined) this.state = READING;
      } else {
        frame = decodeEof(this.decoder, buf);
        if (frame === undefined) this.state = DONE;
      }
    } catch (e) {
      if (this.state === EOF || buf.consumed === this.progress) this.finish();
      this.progress = buf.consumed;
      throw e;
    }
    if (frame !== undefined) {
      if (buf.consumed === this.progress) {
        this.finish();
        throw new TypeError(
          'the decoder returned a frame without consuming any input since the previous frame; such a frame would be decoded again and again',
        );
      }
      this.progress = buf.consumed;
    }
    return frame;
  }

  /**
   * Every frame `poll` gives until it needs more input. An error after some frames ends the batch and
   * is kept for the next read; one before any frame is thrown.
   */
  private pollAll(): T[] {
    const frames: T[] = [];
    for (;;) {
      let frame: T | undefined;
      try {
        frame = this.poll();
      } catch (e) {
        if (frames.length === 0) throw e;
        this.deferred = { error: e };
        return frames;
      }
      if (frame === undefined) return frames;
      frames.push(frame);
    }
  }

  /** Reads chunks until a frame is decoded, the input ends, or something fails. */
  private pull(): void {
    if (this.pullNext === undefined) {
      try {
        this.open();
      } catch (e) {
        this.failSource(e);
        return;
      }
    }
    for (;;) {
      let r: IteratorResult<unknown> | PromiseLike<IteratorResult<unknown>>;
      try {
        r = this.pullNext!();
      } catch (e) {
        this.failSource(e);
        return;
      }
      if (typeof (r as PromiseLike<unknown>)?.then === 'function') {
        (r as PromiseLike<IteratorResult<unknown>>).then(this.onChunk, this.onSourceError);
        return;
      }
      if (!this.accept(r as IteratorResult<unknown>)) return;
    }
  }

  private readonly onChunk = (r: IteratorResult<unknown>): void => {
    if (this.accept(r)) this.pull();
  };

  private readonly onSourceError = (e: unknown): void => this.failSource(e);

  /** The source failed, or gave something other than bytes: the reader ends with that error. */
  private failSource(e: unknown): void {
    if (this.current === undefined) return;
    this.state = DONE;
    this.settle(undefined, e);
  }

  /** Takes one read result; returns whether another chunk is needed. */
  private accept(r: IteratorResult<unknown>): boolean {
    if (this.current === undefined) return false; // aborted meanwhile
    if (this.state === DONE) {
      this.settle(DONE_RESULT);
      return false;
    }
    if (typeof r !== 'object' || r === null) {
      this.failSource(new TypeError(`the source's next() must give an IteratorResult, got ${describe(r)}`));
      return false;
    }
    if (r.done) this.state = EOF;
    else {
      let chunk: Uint8Array;
      try {
        chunk = asBytes(r.value, 'a chunk of the source');
      } catch (e) {
        this.finish();
        this.failSource(e);
        return false;
      }
      if (chunk.length === 0) return true;
      if (this.copyInput) this.readBuffer.put(chunk);
      else this.readBuffer.append(chunk);
      this.state = FRAMING;
    }
    let out: T | T[] | undefined;
    try {
      if (this.batching) {
        const frames = this.pollAll();
        if (frames.length > 0) out = frames;
      } else out = this.poll();
    } catch (e) {
      this.settle(undefined, e);
      return false;
    }
    if (out !== undefined) this.settle({ value: out, done: false });
    else if (this.state === DONE) this.settle(DONE_RESULT);
    else return true;
    return false;
  }

  private settle(result: IteratorResult<unknown> | undefined, error?: unknown): void {
    if (this.current === undefined) return;
    const { resolve, reject } = this;
    this.current = undefined;
    this.resolve = this.reject = noop;
    if (this.waiter !== undefined) unwatchAbort(this.waiter);
    if (result === undefined) reject(error);
    else resolve(result);
  }

  private open(): void {
    const source = this.source as Partial<ReadableStream<ByteChunk>> &
      Partial<AsyncIterable<ByteChunk>> &
      Partial<Iterable<ByteChunk>>;
    if (typeof source.getReader === 'function') {
      const reader = source.getReader();
      this.pullNext = () => reader.read();
      this.cancelSource = () => reader.cancel();
      return;
    }
    const it =
      typeof source[Symbol.asyncIterator] === 'function'
        ? source[Symbol.asyncIterator]!()
        : (source as Iterable<ByteChunk>)[Symbol.iterator]();
    if (typeof it?.next !== 'function') {
      throw new TypeError(`the source's iterator must have a next method, got ${describe(it)}`);
    }
    this.pullNext = it.next.bind(it) as () => IteratorResult<unknown>;
    this.cancelSource = () => it.return?.();
  }
}

/** Throws a `TypeError` unless `source` is something `FramedRead` can read chunks from. */
function checkSource(source: unknown): void {
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    throw new TypeError(
      `source must be an iterable of byte chunks, not the bytes themselves (pass [bytes] for one chunk), got ${describe(source)}`,
    );
  }
  const s = source as Partial<ReadableStream & AsyncIterable<unknown> & Iterable<unknown>> | null | undefined;
  if (
    typeof source === 'string' ||
    (typeof s?.getReader !== 'function' &&
      typeof s?.[Symbol.asyncIterator] !== 'function' &&
      typeof s?.[Symbol.iterator] !== 'function')
  ) {
    throw new TypeError(
      `source must be an AsyncIterable, an Iterable or a ReadableStream of byte chunks, got ${describe(source)}`,
    );
  }
}

/** Throws a `TypeError` unless `decoder` has a `decode` method. */
function checkDecoder(decoder: unknown): void {
  if (typeof (decoder as Partial<Decoder<unknown>> | null | undefined)?.decode !== 'function') {
    throw new TypeError(
      `decoder must be a Decoder (an object with a decode method), got ${describe(decoder)}`,
    );
  }
}

/** The iterator of {@link FramedRead.batches}: `nextBatch()` of its reader. */
class FrameBatches<T> implements AsyncIterableIterator<T[]>, AsyncDisposable {
  private readonly reader: FramedRead<T>;
  constructor(reader: FramedRead<T>) {
    this.reader = reader;
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  next(): Promise<IteratorResult<T[]>> {
    return this.reader.nextBatch();
  }
  return(): Promise<IteratorResult<T[]>> {
    this.reader.return();
    return Promise.resolve(DONE_RESULT);
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.reader[Symbol.asyncDispose]();
  }
}

class AbortWaiter extends Waiter {
  private readonly owner: { abort(reason: unknown): void };
  constructor(owner: { abort(reason: unknown): void }) {
    super();
    this.owner = owner;
  }
  onAbort(reason: unknown): void {
    this.owner.abort(reason);
  }
}

const DONE_RESULT: IteratorResult<never> = /* @__PURE__ */ Object.freeze({ value: undefined, done: true });
function noop(): void {}
