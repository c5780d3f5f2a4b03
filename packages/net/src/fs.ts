/**
 * Files (tokio's `fs`), on `node:fs/promises`. Every call takes `{ signal }`; calls that move data
 * in chunks check it between chunks, so an abort stops a large read, write or copy within one chunk.
 * Failures are Node's own errors (`ENOENT`, `EACCES`, … in `code`, the path in `path`).
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { FramedRead, LinesCodec } from '@async/codec';
import { checkInteger, checkOptions, checkSignal, describe } from '@async/core/protocol';

/** Options of the file functions: `signal` stops the call with `signal.reason`. */
export interface FileOptions {
  /** Stops the call with `signal.reason`, checked before each chunk. */
  readonly signal?: AbortSignal;
}

/** Options of {@link writeFile}. */
export interface WriteFileOptions extends FileOptions {
  /**
   * Writes a temporary file beside the target, flushes it to the disk (`fsync`) and renames it over the
   * target: a reader sees the old contents or the new, never a part, even after a crash. An aborted or
   * failed atomic write removes the temporary file and leaves the target as it was.
   * @defaultValue `false`
   */
  readonly atomic?: boolean;
}

/** Options of {@link chunks}. */
export interface ChunksOptions extends FileOptions {
  /** Bytes per chunk (the last may be shorter). @defaultValue `65536` */
  readonly chunkSize?: number;
}

/** Options of {@link lines}. */
export interface LinesOptions extends FileOptions {
  /** The longest line accepted, in bytes (see `LinesCodec`). @defaultValue `Infinity` */
  readonly maxLength?: number;
}

/** Bytes per read or write of the file functions: the signal is checked between them. */
export const CHUNK = 64 * 1024;

/** What the writing functions take: bytes, or a string written as UTF-8. @hidden */
export type Data = Uint8Array | string;

export function checkPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`path must be a non-empty string, got ${describe(path)}`);
}

export function checkData(data: unknown): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(`data must be a Uint8Array or a string, got ${describe(data)}`);
}

export function checkFileOptions(options: unknown, name: string, known: readonly string[]): void {
  checkOptions(options, name, known);
  const signal = (options as FileOptions | undefined)?.signal;
  if (signal !== undefined) checkSignal(signal, 'signal');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** Writes all of `data` to `file` in chunks, checking `signal` before each. */
export async function writeChunks(
  file: FileHandle,
  data: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (let offset = 0; offset < data.length || offset === 0; ) {
    throwIfAborted(signal);
    const { bytesWritten } = await file.write(data, offset, Math.min(CHUNK, data.length - offset));
    offset += bytesWritten;
    if (data.length === 0) break;
  }
}

/**
 * The whole contents of the file at `path` (tokio's `fs::read`). Rejects with Node's error, or with
 * `signal.reason`.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from '@async/net';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import assert from 'node:assert/strict';
 *
 * const path = join(tmpdir(), `read-example-${process.pid}.txt`);
 * await writeFile(path, 'hello');
 * assert.equal(new TextDecoder().decode(await readFile(path)), 'hello');
 * ```
 */
export async function readFile(path: string, options?: FileOptions): Promise<Uint8Array> {
  checkPath(path);
  checkFileOptions(options, 'readFile options', ['signal']);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks(path, options)) {
    parts.push(chunk);
    total += chunk.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Replaces the file at `path` with `data` (a string is written as UTF-8), creating it if needed
 * (tokio's `fs::write`). With `atomic: true`: temporary file, `fsync`, rename.
 *
 * **Cancel safety.** Without `atomic`, an aborted write leaves the file truncated to what was written;
 * with it, the target is untouched.
 */
export async function writeFile(path: string, data: Data, options?: WriteFileOptions): Promise<void> {
  checkPath(path);
  const bytes = checkData(data);
  checkFileOptions(options, 'writeFile options', ['signal', 'atomic']);
  const signal = options?.signal;
  throwIfAborted(signal);
  if (options?.atomic !== true) {
    const file = await open(path, 'w');
    try {
      await writeChunks(file, bytes, signal);
    } finally {
      await file.close();
    }
    return;
  }
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(temp, 'wx');
  try {
    try {
      await writeChunks(file, bytes, signal);
      await file.sync();
    } finally {
      await file.close();
    }
    throwIfAborted(signal);
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
}

/**
 * Appends `data` to the file at `path`, creating it if needed (tokio's `OpenOptions::append`).
 * **Cancel safety.** An aborted append may have appended whole chunks of `data`.
 */
export async function appendFile(path: string, data: Data, options?: FileOptions): Promise<void> {
  checkPath(path);
  const bytes = checkData(data);
  checkFileOptions(options, 'appendFile options', ['signal']);
  throwIfAborted(options?.signal);
  const file = await open(path, 'a');
  try {
    await writeChunks(file, bytes, options?.signal);
  } finally {
    await file.close();
  }
}

/**
 * Copies the file at `from` to `to`, replacing it; resolves with the number of bytes copied (tokio's
 * `fs::copy`). **Cancel safety.** An aborted copy leaves `to` with a prefix of `from`.
 */
export async function copy(from: string, to: string, options?: FileOptions): Promise<number> {
  checkPath(from);
  checkPath(to);
  checkFileOptions(options, 'copy options', ['signal']);
  throwIfAborted(options?.signal);
  const out = await open(to, 'w');
  let total = 0;
  try {
    for await (const chunk of chunks(from, options)) {
      await writeChunks(out, chunk, options?.signal);
      total += chunk.length;
    }
  } finally {
    await out.close();
  }
  return total;
}

/**
 * The file at `path` as an `AsyncIterable` of chunks of `chunkSize` bytes (tokio-util's
 * `ReaderStream` over a `File`). The file is opened on the first `next()` and closed at the end, on
 * `break`, or on an error. Each chunk is a fresh array.
 */
export function chunks(path: string, options?: ChunksOptions): AsyncGenerator<Uint8Array, void, undefined> {
  checkPath(path);
  checkFileOptions(options, 'chunks options', ['signal', 'chunkSize']);
  const size = options?.chunkSize ?? CHUNK;
  checkInteger(size, 'chunkSize', 1);
  return readChunks(path, size, options?.signal);
}

async function* readChunks(
  path: string,
  size: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  throwIfAborted(signal);
  const file = await open(path, 'r');
  try {
    for (;;) {
      throwIfAborted(signal);
      const buf = new Uint8Array(size);
      const { bytesRead } = await file.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield bytesRead === size ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/**
 * The lines of the file at `path` (tokio's `BufReader::lines`), decoded by `LinesCodec` (`\n` or
 * `\r\n`, UTF-8 split across chunks handled); a line longer than `maxLength` makes the iteration reject
 * with `MaxLengthExceededError`.
 *
 * @example
 * ```ts
 * import { lines, writeFile } from '@async/net';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import assert from 'node:assert/strict';
 *
 * const path = join(tmpdir(), `lines-example-${process.pid}.txt`);
 * await writeFile(path, 'one\r\ntwo\nthree');
 * const seen: string[] = [];
 * for await (const line of lines(path, { maxLength: 80 })) seen.push(line);
 * assert.deepEqual(seen, ['one', 'two', 'three']);
 * ```
 */
export function lines(path: string, options?: LinesOptions): FramedRead<string> {
  checkPath(path);
  checkFileOptions(options, 'lines options', ['signal', 'maxLength']);
  const { signal, maxLength } = options ?? {};
  return new FramedRead(chunks(path, { signal }), new LinesCodec({ maxLength }), { signal });
}
