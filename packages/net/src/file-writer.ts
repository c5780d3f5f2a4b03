/**
 * A buffered file writer: tokio's `BufWriter<File>`, with `sync` (`File::sync_all`) and an
 * `AbortSignal` on every call.
 *
 * # Implementation notes
 *
 * Writes that fit in the buffer are copied into it synchronously and resolve with a shared settled
 * promise: no file call, no allocation. Anything else (a write that does not fit, `flush`, `sync`,
 * `close`) becomes an operation run one at a time, in call order; while one runs, later calls wait in
 * a FIFO of core's waiters, so an aborted waiting call leaves the queue at once and leaves no listener
 * on its signal. A running operation checks its signal between 64 KiB file writes (a write the system
 * already has cannot be called back). The buffer is written from its start and compacted when a flush
 * stops part way, so what was buffered and not written is never lost.
 */
import { type FileHandle, open } from 'node:fs/promises';
import {
  checkBoolean,
  checkInteger,
  dequeue,
  unwatchAbort,
  Waiter,
  WaitQueue,
  watchAbort,
} from '@async/core/protocol';
import { FileClosedError } from './errors';
import {
  CHUNK,
  checkData,
  checkFileOptions,
  checkPath,
  type Data,
  type FileOptions,
  throwIfAborted,
  writeChunks,
} from './fs';

/** Options of {@link FileWriter.open}. */
export interface FileWriterOptions extends FileOptions {
  /**
   * Append to the file instead of replacing it (tokio's `OpenOptions::append`).
   * @defaultValue `false`: the file is created or truncated, as tokio's `File::create`
   */
  readonly append?: boolean;
  /** The buffer's size in bytes (tokio's `BufWriter::with_capacity`). @defaultValue `65536` */
  readonly capacity?: number;
}

const OPEN_OPTIONS = ['signal', 'append', 'capacity'] as const;
const CALL_OPTIONS = ['signal'] as const;

const WRITE = 0;
const FLUSH = 1;
const SYNC = 2;
const CLOSE = 3;

const RESOLVED: Promise<void> = Promise.resolve();
const NO_BYTES = new Uint8Array(0);

/** One queued call: it waits while another operation runs. */
class FileOp extends Waiter {
  constructor(
    readonly kind: number,
    readonly data: Uint8Array,
    readonly signal: AbortSignal | undefined,
    readonly resolve: () => void,
    readonly reject: (e: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    this.reject(reason);
    // A `close` that stops waiting stays queued: when its turn comes, its aborted signal skips the
    // flush and the file is closed all the same.
    if (this.kind !== CLOSE) dequeue(this);
  }
}

/**
 * Writes a file through a buffer (tokio's `BufWriter<File>`): small writes are gathered in memory
 * and reach the file in large pieces, when the buffer is full, on `flush()`, on `sync()` (which also
 * makes them durable, `fsync`) and on `close()` / `await using`. Calls run in the order they are
 * made, even when not awaited one by one.
 *
 * Like tokio's `BufWriter`, bytes still in the buffer are lost if the writer is dropped without
 * `flush` or `close`: close it (or `await using` it), which flushes.
 *
 * @example
 * ```ts
 * import { FileWriter, readFile } from '@async/net';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import assert from 'node:assert/strict';
 *
 * const path = join(tmpdir(), `file-writer-example-${process.pid}.log`);
 * {
 *   await using out = await FileWriter.open(path);
 *   for (let i = 0; i < 3; i++) await out.write(`line ${i}\n`); // buffered: no file call yet
 *   assert.equal(out.buffered, 21);
 *   await out.sync(); // written and on the disk
 * } // disposed: flushed and closed
 * assert.equal(new TextDecoder().decode(await readFile(path)), 'line 0\nline 1\nline 2\n');
 * ```
 */
export class FileWriter implements AsyncDisposable {
  /** The file's path. */
  readonly path: string;
  /** The buffer's size in bytes. */
  readonly capacity: number;
  private readonly file: FileHandle;
  private readonly buffer: Uint8Array;
  private length = 0;
  private busy = false;
  private readonly waiting = new WaitQueue<FileOp>();
  private closing: Promise<void> | undefined = undefined;

  private constructor(path: string, file: FileHandle, capacity: number) {
    this.path = path;
    this.file = file;
    this.capacity = capacity;
    this.buffer = new Uint8Array(capacity);
  }

  /**
   * Opens (creating it if needed) the file at `path` for writing: replaced, or appended to with
   * `append: true`. Rejects with Node's error (`ENOENT`, `EACCES`, … in `code`), or with
   * `signal.reason`.
   *
   * **Cancel safety.** An aborted open leaves no file handle open (the file may have been created).
   */
  static async open(path: string, options?: FileWriterOptions): Promise<FileWriter> {
    checkPath(path);
    checkFileOptions(options, 'FileWriter.open options', OPEN_OPTIONS);
    const { signal, append = false, capacity = CHUNK } = options ?? {};
    checkBoolean(append, 'append');
    checkInteger(capacity, 'capacity', 1);
    throwIfAborted(signal);
    const file = await open(path, append ? 'a' : 'w');
    if (signal?.aborted) {
      await file.close();
      throw signal.reason;
    }
    return new FileWriter(path, file, capacity);
  }

  /** Bytes written to the writer and not yet to the file. */
  get buffered(): number {
    return this.length;
  }

  /**
   * Writes `data` (a string as UTF-8) to the buffer; when it does not fit, first writes the buffer
   * to the file, and data at least as large as the buffer goes to the file directly (as tokio's
   * `BufWriter::write`). Resolves once `data` is buffered or written; rejects with Node's error,
   * `FileClosedError` after `close()`, or `signal.reason`. Data smaller than the buffer is copied
   * into it; larger data is written from the caller's array, which must not change before the call
   * resolved.
   *
   * **Cancel safety.** Cancel safe for `data` smaller than `capacity`: an aborted call took none of
   * it (and what was buffered before stays buffered, or was written). Larger data is not: whole
   * 64 KiB pieces of it may have been written.
   */
  write(data: Data, options?: FileOptions): Promise<void> {
    const bytes = checkData(data);
    checkFileOptions(options, 'write options', CALL_OPTIONS);
    const signal = options?.signal;
    if (this.closing !== undefined) return Promise.reject(new FileClosedError(this.path));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.busy && this.length + bytes.length <= this.capacity) {
      this.buffer.set(bytes, this.length);
      this.length += bytes.length;
      return RESOLVED;
    }
    return this.enqueue(WRITE, bytes, signal);
  }

  /**
   * Writes the buffer to the file (tokio's `flush`); resolves once the system has it (not yet the
   * disk: see `sync`). Rejects as `write`.
   *
   * **Cancel safety.** Cancel safe: an aborted flush lost nothing; what it did not write stays
   * buffered. Call it again.
   */
  flush(options?: FileOptions): Promise<void> {
    checkFileOptions(options, 'flush options', CALL_OPTIONS);
    if (this.closing !== undefined) return Promise.reject(new FileClosedError(this.path));
    return this.enqueue(FLUSH, NO_BYTES, options?.signal);
  }

  /**
   * Flushes, then waits until the file's contents are on the disk (`fsync`: tokio's
   * `File::sync_all`). Rejects as `write`.
   *
   * **Cancel safety.** Cancel safe, as `flush`; an abort during the `fsync` itself stops the wait
   * only.
   */
  sync(options?: FileOptions): Promise<void> {
    checkFileOptions(options, 'sync options', CALL_OPTIONS);
    if (this.closing !== undefined) return Promise.reject(new FileClosedError(this.path));
    return this.enqueue(SYNC, NO_BYTES, options?.signal);
  }

  /**
   * Flushes the buffer, then closes the file, after the calls made before it. Later calls reject
   * with `FileClosedError`; calling `close` again returns the first call's promise. The file is
   * closed even when the flush fails (the call then rejects with the failure).
   *
   * **Cancel safety.** An aborted `close` rejects at once and still closes the file when the calls
   * before it are done, without writing what is buffered: those bytes are lost.
   */
  close(options?: FileOptions): Promise<void> {
    checkFileOptions(options, 'close options', CALL_OPTIONS);
    this.closing ??= this.enqueue(CLOSE, NO_BYTES, options?.signal);
    return this.closing;
  }

  /** Flushes and closes (see {@link FileWriter.close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private enqueue(kind: number, data: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted && kind !== CLOSE) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const op = new FileOp(kind, data, signal, resolve, reject);
      if (!this.busy) {
        this.start(op);
        return;
      }
      this.waiting.push(op);
      if (signal !== undefined && !signal.aborted) watchAbort(op, signal);
    });
  }

  private start(op: FileOp): void {
    this.busy = true;
    this.run(op).then(
      () => this.finish(op, undefined, false),
      (e: unknown) => this.finish(op, e, true),
    );
  }

  private finish(op: FileOp, error: unknown, failed: boolean): void {
    // A close whose caller stopped waiting was rejected then: settling it again does nothing.
    if (failed) op.reject(error);
    else op.resolve();
    this.busy = false;
    const next = this.waiting.shift();
    if (next === undefined) return;
    unwatchAbort(next);
    this.start(next);
  }

  private async run(op: FileOp): Promise<void> {
    const { kind, data, signal } = op;
    switch (kind) {
      case WRITE:
        if (this.length + data.length > this.capacity) await this.writeBuffer(signal);
        if (data.length >= this.capacity) await writeChunks(this.file, data, signal);
        else {
          this.buffer.set(data, this.length);
          this.length += data.length;
        }
        return;
      case FLUSH:
        return this.writeBuffer(signal);
      case SYNC:
        await this.writeBuffer(signal);
        throwIfAborted(signal);
        return this.file.sync();
      case CLOSE:
        try {
          throwIfAborted(signal);
          await this.writeBuffer(signal);
        } finally {
          await this.file.close();
        }
    }
  }

  /** Writes the buffer to the file, checking `signal` before each piece; keeps what it did not write. */
  private async writeBuffer(signal: AbortSignal | undefined): Promise<void> {
    let written = 0;
    try {
      while (written < this.length) {
        throwIfAborted(signal);
        const piece = Math.min(CHUNK, this.length - written);
        written += (await this.file.write(this.buffer, written, piece)).bytesWritten;
      }
    } finally {
      if (written > 0) {
        this.buffer.copyWithin(0, written, this.length);
        this.length -= written;
      }
    }
  }
}
