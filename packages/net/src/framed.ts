import type { Decoder, Encoder } from '@async/codec';
import { Framed, type FramedReadOptions, type FramedWriteOptions } from '@async/codec';
import { ReadKind, ReadOp, type SocketIo } from './socket-io';
import type { SocketStream } from './socket-stream';

const END: IteratorResult<never> = Object.freeze({ value: undefined, done: true });

/**
 * A connection read and written through a codec (tokio-util's `Framed::new(stream, codec)`): iterate
 * it for decoded frames, `send` items to it. Both directions keep the stream's bounds: reading pauses the
 * socket once 64 KiB are unread, and a flush hands the encoded bytes to the socket only once it holds
 * none of the earlier ones, so a peer that stops reading makes `send` wait. Closing the `Framed` shuts
 * the writing side down (the peer reads the end); close the stream itself to release it.
 *
 * Frames already received are decoded without waiting (the bytes the socket buffered are handed to the
 * decoder synchronously), and a `send` that the socket takes at once resolves at once.
 *
 * **Cancel safety.** As `Framed` of `@async/codec`: a `next()` raced in `select` keeps its frame for its
 * own promise; an aborted `send` either encoded its item whole or not at all. Ending the reading side
 * (`return()`, or leaving a `for await` loop) consumes nothing more from the stream.
 *
 * @example
 * ```ts
 * import { LinesCodec } from '@async/codec';
 * import { framed, TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * await using listener = await TcpListener.bind('127.0.0.1:0');
 * await using client = await TcpStream.connect(listener.localAddr);
 * await using server = await listener.accept();
 * const lines = framed(client, new LinesCodec());
 * await lines.send('hello');
 * const peer = framed(server, new LinesCodec());
 * assert.equal((await peer.next()).value, 'hello');
 * ```
 */
export function framed<In, Out = In>(
  stream: SocketStream,
  codec: Decoder<In> & Encoder<Out>,
  options?: FramedReadOptions & FramedWriteOptions,
): Framed<In, Out> {
  const io = stream.engine;
  const writable = {
    // FramedWrite hands over its encoded buffer and never touches it again: no copy, and no promise
    // unless the socket must be waited for.
    write: (chunk: Uint8Array) => io.writeOwned(chunk),
    close: () => stream.shutdown(),
  };
  const readable = new ChunkSource(io) as unknown as AsyncIterable<Uint8Array>;
  return new Framed({ readable, writable }, codec, options);
}

/**
 * What `framed` gives codec's `FramedRead` to read from: an iterator over the stream's chunks whose
 * `next()` returns the bytes already buffered as a plain result, which `FramedRead` decodes at once
 * (and `for await` accepts too), and otherwise a thenable that the socket settles from its `'data'`
 * event. So no promise is made per chunk, and a waiting read allocates nothing. The stream stays
 * open when the reader stops: `return()` withdraws a waiting read (ending it `done`, as a cancelled
 * `ReadableStream` read ends), so nothing more is consumed.
 */
class ChunkSource implements AsyncIterator<Uint8Array> {
  private readonly waiting: ChunkWait;
  constructor(io: SocketIo) {
    this.waiting = new ChunkWait(io);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    const waiting = this.waiting;
    return (waiting.io.readChunk(waiting) ?? waiting) as unknown as Promise<IteratorResult<Uint8Array>>;
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.waiting.cancel();
    return Promise.resolve(END);
  }
}

/**
 * The one read a `ChunkSource` has waiting at a time (its consumer asks for a chunk only after the
 * previous one came), reused for every wait: queued in the stream's reads, and a thenable for the
 * consumer.
 */
class ChunkWait extends ReadOp {
  private onChunk: ((result: IteratorResult<Uint8Array>) => unknown) | undefined = undefined;
  private onError: ((error: unknown) => unknown) | undefined = undefined;
  /** An outcome that came before `then` was called (a consumer that calls it on a later microtask). */
  private early: { value: unknown; failed: boolean } | undefined = undefined;

  constructor(io: SocketIo) {
    super(io, ReadKind.CHUNK, 0, undefined);
  }

  // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, never exported (see above)
  then(onChunk: (result: IteratorResult<Uint8Array>) => unknown, onError: (error: unknown) => unknown): void {
    const early = this.early;
    if (early === undefined) {
      this.onChunk = onChunk;
      this.onError = onError;
      return;
    }
    this.early = undefined;
    queueMicrotask(() => {
      if (early.failed) onError(early.value);
      else onChunk(early.value as IteratorResult<Uint8Array>);
    });
  }

  complete(value: unknown): void {
    this.deliver(value, false);
  }

  fail(error: unknown): void {
    this.deliver(error, true);
  }

  /**
   * The consumer stopped: leave the queue, having taken nothing, and end a read in progress as a
   * cancelled `ReadableStream` read ends (`done`).
   */
  cancel(): void {
    this.early = undefined;
    if (this.io.withdraw(this)) this.complete(END);
  }

  private deliver(value: unknown, failed: boolean): void {
    const { onChunk, onError } = this;
    this.onChunk = this.onError = undefined;
    if (onChunk === undefined) this.early = { value, failed };
    else if (failed) onError!(value);
    else onChunk(value as IteratorResult<Uint8Array>);
  }
}
