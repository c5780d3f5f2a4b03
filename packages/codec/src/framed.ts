import { checkOptions, describe } from '@async/core/protocol';
import type { Decoder, Encoder } from './codec';
import { type ByteSource, FRAMED_READ_OPTIONS, FramedRead, type FramedReadOptions } from './framed-read';
import {
  type ByteSinkLike,
  FRAMED_WRITE_OPTIONS,
  FramedWrite,
  type FramedWriteOptions,
  type WriteOptions,
} from './framed-write';

/** A duplex byte stream: what `Framed` reads from and writes to (a Web socket-like `{ readable, writable }` pair). */
export interface ByteDuplex {
  readonly readable: ByteSource;
  readonly writable: ByteSinkLike;
}

// `concat` under a pure mark rather than a spread, which bundlers keep (a spread runs an iterator).
const FRAMED_OPTIONS: readonly string[] = /* @__PURE__ */ (FRAMED_READ_OPTIONS as readonly string[]).concat(
  FRAMED_WRITE_OPTIONS,
);

/**
 * Both directions of a duplex byte stream through one codec (tokio-util's `Framed`): iterate it for
 * decoded frames (as {@link FramedRead}), and `send` / `feed` / `flush` / `close` items (as
 * {@link FramedWrite}). The codec object is shared, as in tokio.
 *
 * @example
 * ```ts
 * import { Framed, LinesCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * // An in-memory duplex whose writable side is echoed into its readable side.
 * const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
 * const framed = new Framed({ readable, writable }, new LinesCodec());
 * await Promise.all([framed.send('ping'), framed.next().then((r) => assert.equal(r.value, 'ping'))]);
 * await framed.close();
 * assert.equal((await framed.next()).done, true);
 * ```
 */
export class Framed<In, Out = In> implements AsyncIterableIterator<In>, AsyncDisposable {
  /** The read half. */
  readonly reader: FramedRead<In>;
  /** The write half. */
  readonly writer: FramedWrite<Out>;

  constructor(
    io: ByteDuplex,
    codec: Decoder<In> & Encoder<Out>,
    options?: FramedReadOptions & FramedWriteOptions,
  ) {
    if (typeof io !== 'object' || io === null) {
      throw new TypeError(`io must be a { readable, writable } pair, got ${describe(io)}`);
    }
    checkOptions(options, 'Framed options', FRAMED_OPTIONS);
    const { copyInput, signal, backpressureBoundary } = options ?? {};
    this.reader = new FramedRead(io.readable, codec, { copyInput, signal });
    this.writer = new FramedWrite(io.writable, codec, { backpressureBoundary });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next decoded frame (see {@link FramedRead.next}). */
  next(): Promise<IteratorResult<In>> {
    return this.reader.next();
  }

  /** Stops reading and cancels the readable side; the writable side stays open. */
  return(): Promise<IteratorResult<In>> {
    return this.reader.return();
  }

  /** Encodes `item` into the write buffer (see {@link FramedWrite.feed}). */
  feed(item: Out, options?: WriteOptions): Promise<void> {
    return this.writer.feed(item, options);
  }

  /** Encodes `item` and flushes (see {@link FramedWrite.send}). */
  send(item: Out, options?: WriteOptions): Promise<void> {
    return this.writer.send(item, options);
  }

  /** Writes out the write buffer (see {@link FramedWrite.flush}). */
  flush(options?: WriteOptions): Promise<void> {
    return this.writer.flush(options);
  }

  /** Flushes and closes the writable side; reading goes on until the peer ends. */
  close(): Promise<void> {
    return this.writer.close();
  }

  /** Closes the writable side and stops reading. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.writer.close();
    } finally {
      await this.reader.return();
    }
  }
}
