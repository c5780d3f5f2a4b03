import type { Socket } from 'node:net';
import { describe } from '@async/core/protocol';
import { SocketClosedError } from './errors';
import { Reader, Writer } from './read-write';
import type { IoOptions, SocketIo } from './socket-io';

/**
 * What {@link TcpStream} and {@link UnixStream} share: reading (as {@link Reader}), writing (as
 * {@link Writer}), `split`, and closing.
 */
export abstract class SocketStream extends Reader implements AsyncDisposable {
  /** @internal */
  protected abstract override readonly io: SocketIo;
  private splitDone = false;

  /** @internal The byte engine, for `framed`. */
  get engine(): SocketIo {
    return this.io;
  }

  /** @internal The socket, for `serve`'s idle timeout. */
  get socket(): Socket {
    return this.io.socket;
  }

  /** {@inheritDoc Writer.write} */
  write(chunk: Uint8Array, options?: IoOptions): Promise<number> {
    return Writer.prototype.write.call(this as never, chunk, options);
  }

  /** {@inheritDoc Writer.writeAll} */
  writeAll(chunk: Uint8Array, options?: IoOptions): Promise<void> {
    return Writer.prototype.writeAll.call(this as never, chunk, options);
  }

  /** {@inheritDoc Writer.flush} */
  flush(options?: IoOptions): Promise<void> {
    return Writer.prototype.flush.call(this as never, options);
  }

  /** {@inheritDoc Writer.shutdown} */
  shutdown(options?: IoOptions): Promise<void> {
    return Writer.prototype.shutdown.call(this as never, options);
  }

  /**
   * A read half and a write half (tokio's `into_split`), for one task that reads while another
   * writes (IO-07). The stream itself should not be used while split; `read.unsplit(write)` gives it
   * back. Disposing the write half shuts the writing side down, as dropping tokio's `OwnedWriteHalf`.
   */
  split(): [ReadHalf<this>, WriteHalf<this>] {
    if (this.splitDone) throw new TypeError('the stream is already split');
    this.splitDone = true;
    return [new ReadHalf(this, this.io), new WriteHalf(this, this.io)];
  }

  /** @internal */
  rejoin(): this {
    this.splitDone = false;
    return this;
  }

  /**
   * Closes the connection at once (unsent and unread bytes are dropped; pending calls reject with
   * `SocketClosedError`). Resolves once Node released the socket. Idempotent.
   */
  close(): Promise<void> {
    return this.io.close();
  }

  /** Closes the connection (see {@link SocketStream.close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.io.close();
  }
}

/** The read half of a split stream (tokio's `OwnedReadHalf`). */
export class ReadHalf<S extends SocketStream = SocketStream> extends Reader {
  /** @internal */
  protected readonly io: SocketIo;
  /** @internal */
  readonly stream: S;
  /** @internal */
  constructor(stream: S, io: SocketIo) {
    super();
    this.stream = stream;
    this.io = io;
  }

  /** The stream both halves came from (tokio's `reunite`); throws a `TypeError` for another stream's half. */
  unsplit(write: WriteHalf<S>): S {
    if (!(write instanceof WriteHalf) || write.stream !== this.stream) {
      throw new TypeError(`write must be the write half of the same stream, got ${describe(write)}`);
    }
    return this.stream.rejoin() as S;
  }
}

/** The write half of a split stream (tokio's `OwnedWriteHalf`). */
export class WriteHalf<S extends SocketStream = SocketStream> extends Writer implements AsyncDisposable {
  /** @internal */
  protected readonly io: SocketIo;
  /** @internal */
  readonly stream: S;
  /** @internal */
  constructor(stream: S, io: SocketIo) {
    super();
    this.stream = stream;
    this.io = io;
  }

  /** Shuts the writing side down, as dropping tokio's `OwnedWriteHalf` does. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.shutdown();
    } catch (e) {
      if (!SocketClosedError.is(e)) throw e;
    }
  }
}
