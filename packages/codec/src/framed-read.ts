import { unwatchAbort, Waiter, watchAbort } from '@async/core/protocol';
import { BytesMut } from './bytes-mut';
import { type Decoder, decodeEof } from './codec';

/** Where `FramedRead` reads bytes from: any (async) iterable of chunks, or a Web `ReadableStream`. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

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

const READING = 0;
const EOF = 1;
const DONE = 2;

/**
 * Frames decoded from a byte stream (tokio-util's `FramedRead`), as an `AsyncIterable`:
 * `for await (const frame of new FramedRead(source, decoder))`.
 *
 * Each `next()` first asks the decoder for a frame from what is buffered, and reads another chunk only
 * when it needs more bytes. At the end of the input it calls `decodeEof` until that returns
 * `undefined` (see {@link decodeEof}), then ends.
 *
 * **Errors.** When the decoder throws, `next()` rejects with that error and a `for await` loop ends.
 * The source stays open and the decoder keeps its state, so iterating again continues after the bad
 * frame where the codec allows it (a too-long line, malformed JSON) — tokio's `FramedRead` likewise
 * yields the error, then ends, then may be polled again. An error from the source, or at the end of
 * input, ends the `FramedRead`.
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
  private pullNext: (() => IteratorResult<Uint8Array> | PromiseLike<IteratorResult<Uint8Array>>) | undefined;
  private cancelSource: (() => unknown) | undefined;
  /** The pending `next()`, if one waits for input. */
  private current: Promise<IteratorResult<T>> | undefined = undefined;
  private resolve: (r: IteratorResult<T>) => void = noop;
  private reject: (e: unknown) => void = noop;
  private waiter: AbortWaiter | undefined;

  constructor(source: ByteSource, decoder: Decoder<T>, options: FramedReadOptions = {}) {
    this.source = source;
    this.decoder = decoder;
    this.copyInput = options.copyInput ?? false;
    this.signal = options.signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next frame, or `{ done: true }` once the input has ended and every frame was returned. */
  next(): Promise<IteratorResult<T>> {
    if (this.current !== undefined) return this.current.then(this.nextAfter, this.nextAfter);
    let frame: T | undefined;
    try {
      frame = this.poll();
    } catch (e) {
      return Promise.reject(e);
    }
    if (frame !== undefined) return Promise.resolve({ value: frame, done: false });
    if (this.state === DONE) return Promise.resolve(DONE_RESULT);
    const signal = this.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const p = new Promise<IteratorResult<T>>(this.executor);
    this.current = p;
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
    return Promise.resolve(DONE_RESULT);
  }

  /** Same as `return()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.finish();
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

  private readonly executor = (
    resolve: (r: IteratorResult<T>) => void,
    reject: (e: unknown) => void,
  ): void => {
    this.resolve = resolve;
    this.reject = reject;
  };

  private poll(): T | undefined {
    if (this.state === READING) return this.decoder.decode(this.readBuffer);
    if (this.state === DONE) return undefined;
    let frame: T | undefined;
    try {
      frame = decodeEof(this.decoder, this.readBuffer);
    } catch (e) {
      this.state = DONE;
      throw e;
    }
    if (frame === undefined) this.state = DONE;
    return frame;
  }

  /** Reads chunks until a frame is decoded, the input ends, or something fails. */
  private pull(): void {
    if (this.pullNext === undefined) this.open();
    for (;;) {
      let r: IteratorResult<Uint8Array> | PromiseLike<IteratorResult<Uint8Array>>;
      try {
        r = this.pullNext!();
      } catch (e) {
        this.failSource(e);
        return;
      }
      if (typeof (r as PromiseLike<unknown>).then === 'function') {
        (r as PromiseLike<IteratorResult<Uint8Array>>).then(this.onChunk, this.onSourceError);
        return;
      }
      if (!this.accept(r as IteratorResult<Uint8Array>)) return;
    }
  }

  private readonly onChunk = (r: IteratorResult<Uint8Array>): void => {
    if (this.accept(r)) this.pull();
  };

  private readonly onSourceError = (e: unknown): void => this.failSource(e);

  private failSource(e: unknown): void {
    if (this.current === undefined) return;
    this.state = DONE;
    this.settle(undefined, e);
  }

  /** Takes one read result; returns whether another chunk is needed. */
  private accept(r: IteratorResult<Uint8Array>): boolean {
    if (this.current === undefined) return false; // aborted meanwhile
    if (this.state === DONE) {
      this.settle(DONE_RESULT);
      return false;
    }
    if (r.done) this.state = EOF;
    else if (this.copyInput) this.readBuffer.put(r.value);
    else this.readBuffer.append(r.value);
    let frame: T | undefined;
    try {
      frame = this.poll();
    } catch (e) {
      this.settle(undefined, e);
      return false;
    }
    if (frame !== undefined) this.settle({ value: frame, done: false });
    else if (this.state === DONE) this.settle(DONE_RESULT);
    else return true;
    return false;
  }

  private settle(result: IteratorResult<T> | undefined, error?: unknown): void {
    if (this.current === undefined) return;
    const { resolve, reject } = this;
    this.current = undefined;
    this.resolve = this.reject = noop;
    if (this.waiter !== undefined) unwatchAbort(this.waiter);
    if (result === undefined) reject(error);
    else resolve(result);
  }

  private open(): void {
    const source = this.source as Partial<ReadableStream<Uint8Array>> &
      Partial<AsyncIterable<Uint8Array>> &
      Partial<Iterable<Uint8Array>>;
    if (typeof source.getReader === 'function') {
      const reader = source.getReader();
      this.pullNext = () => reader.read() as Promise<IteratorResult<Uint8Array>>;
      this.cancelSource = () => reader.cancel();
      return;
    }
    const it =
      typeof source[Symbol.asyncIterator] === 'function'
        ? source[Symbol.asyncIterator]!()
        : (source as Iterable<Uint8Array>)[Symbol.iterator]();
    this.pullNext = it.next.bind(it) as () => IteratorResult<Uint8Array>;
    this.cancelSource = () => it.return?.();
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

const DONE_RESULT: IteratorResult<never> = Object.freeze({ value: undefined, done: true });
function noop(): void {}
