import { checkInteger, checkNumber, checkOptions, checkSignal, describe } from '@async/core/protocol';
import { type IoOptions, ReadKind, type SocketIo, WriteKind } from './socket-io';

/** Options of `readToEnd`. */
export interface ReadToEndOptions extends IoOptions {
  /**
   * The most bytes to accept: more rejects with `MaxBytesExceededError` (nothing is consumed). Also
   * the bound of the read buffer while waiting for the end.
   * @defaultValue `Infinity` (unbounded, as tokio's `read_to_end`: set it for an untrusted peer)
   */
  readonly maxBytes?: number;
}

const IO_OPTIONS = ['signal'] as const;
const READ_TO_END_OPTIONS = ['signal', 'maxBytes'] as const;

function checkIo(options: IoOptions | undefined, name: string): void {
  checkOptions(options, name, IO_OPTIONS);
  if (options?.signal !== undefined) checkSignal(options.signal, 'signal');
}

function checkBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
}

/**
 * The reading side of a stream, shared by {@link TcpStream} and its {@link ReadHalf} (tokio's
 * `AsyncReadExt` on them). Iterating yields the bytes as they arrive, until the peer ends its side.
 */
export abstract class Reader implements AsyncIterableIterator<Uint8Array> {
  /** @internal */
  protected abstract readonly io: SocketIo;

  /**
   * Reads into `buf`: resolves with the number of bytes read, at least 1 once some arrived, or `0`
   * when the peer ended its side (or `buf` is empty). Rejects with a `NetError` when the connection
   * failed, or with `signal.reason`.
   *
   * **Cancel safety.** Cancel safe, as tokio's `read`: an aborted read consumed nothing.
   */
  read(buf: Uint8Array, options?: IoOptions): Promise<number> {
    checkBytes(buf, 'buf');
    checkIo(options, 'read options');
    return this.io.read(ReadKind.SOME, 0, buf, options);
  }

  /**
   * Reads exactly `n` bytes. Rejects with `UnexpectedEofError` when the peer ends its side before
   * (the bytes that came stay unread), with a `NetError` when the connection fails, or with
   * `signal.reason`. The read buffer grows to `n` for this call.
   *
   * **Cancel safety.** Cancel safe, unlike tokio's `read_exact`: the bytes are taken at once when all
   * `n` are there, so an aborted call consumed nothing.
   */
  readExact(n: number, options?: IoOptions): Promise<Uint8Array> {
    checkInteger(n, 'n', 0);
    checkIo(options, 'readExact options');
    return this.io.read(ReadKind.EXACT, n, undefined, options);
  }

  /**
   * Reads everything until the peer ends its side. Rejects with `MaxBytesExceededError` once more
   * than `maxBytes` arrived, with a `NetError` when the connection fails, or with `signal.reason`.
   *
   * **Cancel safety.** Cancel safe, unlike tokio's `read_to_end`: the bytes are taken at the end, so
   * an aborted call consumed nothing.
   */
  readToEnd(options?: ReadToEndOptions): Promise<Uint8Array> {
    checkOptions(options, 'readToEnd options', READ_TO_END_OPTIONS);
    if (options?.signal !== undefined) checkSignal(options.signal, 'signal');
    const maxBytes = options?.maxBytes ?? Number.POSITIVE_INFINITY;
    checkNumber(maxBytes, 'maxBytes', 0);
    return this.io.read(ReadKind.TO_END, maxBytes, undefined, options);
  }

  /**
   * The next bytes as they arrived (a chunk of up to 64 KiB), or `done` when the peer ended its side.
   * **Cancel safety.** Cancel safe.
   */
  next(options?: IoOptions): Promise<IteratorResult<Uint8Array>> {
    return this.io.read(ReadKind.CHUNK, 0, undefined, options);
  }

  /** Ends a `for await` loop; the stream stays open (close it, or keep reading with `read`). */
  return(): Promise<IteratorResult<Uint8Array>> {
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The writing side of a stream, shared by {@link TcpStream} and its {@link WriteHalf}. */
export abstract class Writer {
  /** @internal */
  protected abstract readonly io: SocketIo;

  /**
   * Writes some of `chunk`: resolves with how many bytes were handed to the socket (up to 64 KiB),
   * once the socket holds none of the bytes written before (at once, unless the peer is slow). Rejects
   * with a `NetError` when the connection failed, `SocketClosedError` after `shutdown`, or
   * `signal.reason`. The bytes are copied, so that handing them over is all the call does.
   *
   * **Cancel safety.** Cancel safe, as tokio's `write`: an aborted call wrote nothing.
   */
  write(chunk: Uint8Array, options?: IoOptions): Promise<number> {
    checkBytes(chunk, 'chunk');
    checkIo(options, 'write options');
    return this.io.write(WriteKind.WRITE, chunk, options);
  }

  /**
   * Writes all of `chunk` in pieces of up to 64 KiB, handed to the socket without copying, each once
   * the socket holds none of the bytes before it; so the socket holds at most one piece whatever the
   * peer does. Resolves once the kernel took the last piece (usually at once, without waiting): `chunk`
   * may be reused from then on. Rejects as `write`.
   *
   * **Cancel safety.** Not cancel safe, as tokio's `write_all`: an aborted call may have written a
   * part of the chunk (whole pieces, in order), and the piece it was writing may still be read from
   * `chunk` until `flush()` resolves: do not change the array before. Use `write` in `select`.
   */
  writeAll(chunk: Uint8Array, options?: IoOptions): Promise<void> {
    checkBytes(chunk, 'chunk');
    checkIo(options, 'writeAll options');
    return this.io.write(WriteKind.WRITE_ALL, chunk, options);
  }

  /**
   * Resolves once every byte written before it was handed to the operating system.
   * **Cancel safety.** Cancel safe: call it again.
   */
  flush(options?: IoOptions): Promise<void> {
    checkIo(options, 'flush options');
    return this.io.write(WriteKind.FLUSH, new Uint8Array(0), options);
  }

  /**
   * Shuts the writing side down (a half close: the peer reads the end, and can still write to us)
   * once every pending write is out. Later writes reject with `SocketClosedError`.
   * **Cancel safety.** Aborting stops the wait only: the shutdown still happens.
   */
  shutdown(options?: IoOptions): Promise<void> {
    checkIo(options, 'shutdown options');
    return this.io.write(WriteKind.SHUTDOWN, new Uint8Array(0), options);
  }
}
