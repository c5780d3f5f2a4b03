import { checkBoolean, checkOptions } from '@async/core/protocol';
import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';
import { DelimiterScanner } from './delimited';
import { InvalidUtf8Error, MaxLengthExceededError } from './errors';
import { decodeBatch, decodeUtf8, firstInvalidUtf8, takeText } from './utf8';

/** Options of {@link LinesCodec}. */
export interface LinesCodecOptions {
  /**
   * Longest line accepted, in bytes, without its `\n` (a `\r` before it counts, as in tokio). A longer
   * line gives one {@link MaxLengthExceededError}; the rest of it is discarded and decoding continues
   * with the next line. Set it for any untrusted input: without it one endless line grows the buffer
   * without bound.
   * @defaultValue `Infinity` (no limit, as tokio's `LinesCodec::new()`)
   */
  readonly maxLength?: number;
  /**
   * Replace invalid UTF-8 with U+FFFD instead of throwing {@link InvalidUtf8Error}.
   * @defaultValue `false`
   */
  readonly lossy?: boolean;
}

/**
 * Splits bytes into lines of text and writes lines (tokio-util's `LinesCodec`).
 *
 * A line ends at `\n`; one `\r` before it is removed, so `\r\n` works. A UTF-8 character split across
 * input chunks is fine: lines are decoded whole. Invalid UTF-8 throws {@link InvalidUtf8Error} with the
 * stream offset of the bad byte (the line is consumed; reading may go on), unless `lossy`. At the end
 * of input, a last line without `\n` is returned. `encode` writes the line and `\n`.
 *
 * Decoding is batched: the whole lines inside one buffered chunk are decoded by one `TextDecoder`
 * call, then handed out one by one, each still consuming exactly its bytes from the buffer.
 *
 * @example
 * ```ts
 * import { FramedRead, LinesCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const bytes = new TextEncoder().encode('héllo\r\nwor');
 * const chunks = [bytes.subarray(0, 2), bytes.subarray(2), new TextEncoder().encode('ld')];
 * const lines: string[] = [];
 * for await (const line of new FramedRead(chunks, new LinesCodec())) lines.push(line);
 * assert.deepEqual(lines, ['héllo', 'world']);
 * ```
 */
export class LinesCodec implements Decoder<string>, Encoder<string> {
  /** Whether invalid UTF-8 is replaced rather than rejected. */
  readonly lossy: boolean;
  private readonly scanner: DelimiterScanner;
  /** Decoded whole lines at the front of `cacheBuf`, valid while `cacheBuf.consumed === cacheAt`. */
  private text = '';
  private textPos = 0;
  /** The bytes `text` was decoded from, and the position of the next line in them. */
  private batch: Uint8Array = EMPTY;
  private bytePos = 0;
  private cacheBuf: BytesMut | undefined = undefined;
  private cacheAt = -1;

  constructor(options?: LinesCodecOptions) {
    checkOptions(options, 'LinesCodec options', ['maxLength', 'lossy']);
    const { maxLength = Number.POSITIVE_INFINITY, lossy = false } = options ?? {};
    this.scanner = new DelimiterScanner(maxLength);
    checkBoolean(lossy, 'lossy');
    this.lossy = lossy;
  }

  /** The longest line accepted, in bytes. */
  get maxLength(): number {
    return this.scanner.maxLength;
  }

  /** The next line, or `undefined` until a `\n` arrives. Throws on a too-long line or invalid UTF-8. */
  decode(buf: BytesMut): string | undefined {
    if (this.textPos < this.text.length && this.cacheBuf === buf && this.cacheAt === buf.consumed) {
      return this.fromCache(buf);
    }
    this.text = '';
    this.textPos = 0;
    this.batch = EMPTY;
    const i = this.scanner.scan(buf, findNewline);
    if (i < 0) return undefined;
    const first = buf.firstChunk();
    return i < first.length ? this.startBatch(buf, first, i) : this.takeLine(buf, i);
  }

  /**
   * At the end of input: the remaining lines, then the last one even without `\n`. A lone `\r` is no
   * line: it returns `undefined` and stays in the buffer, as in tokio (were more input to come, it
   * would start the next line).
   */
  decodeEof(buf: BytesMut): string | undefined {
    const line = this.decode(buf);
    if (line !== undefined) return line;
    const n = buf.length;
    if (n === 0) return undefined;
    this.scanner.nextIndex = 0;
    if (n === 1 && buf.at(0) === CR) return undefined;
    return takeText(buf, n, buf.at(n - 1) === CR ? n - 1 : n, this.lossy);
  }

  /** Writes `line` as UTF-8 followed by `\n`. */
  encode(line: string, dst: BytesMut): void {
    dst.putString(line);
    dst.putUint8(NL);
  }

  /** Decodes the whole lines of `first` (the buffer's first range) at once; `i` is its first `\n`. */
  private startBatch(buf: BytesMut, first: Uint8Array, i: number): string {
    const last = first.lastIndexOf(NL);
    let batch = last === first.length - 1 ? first : first.subarray(0, last + 1);
    let text: string;
    try {
      text = decodeBatch(batch, this.lossy);
    } catch {
      const bad = firstInvalidUtf8(batch, 0, batch.length);
      const lineStart = bad <= 0 ? 0 : batch.lastIndexOf(NL, bad) + 1;
      if (lineStart === 0) {
        const offset = buf.consumed;
        const frame = buf.splitTo(i + 1).subarray(0, i);
        throw new InvalidUtf8Error(offset + Math.max(bad, 0), frame);
      }
      batch = batch.subarray(0, lineStart);
      text = decodeBatch(batch, false);
    }
    this.text = text;
    this.textPos = 0;
    this.batch = batch;
    this.bytePos = 0;
    this.cacheBuf = buf;
    this.cacheAt = buf.consumed;
    return this.fromCache(buf);
  }

  private fromCache(buf: BytesMut): string {
    const text = this.text;
    const start = this.textPos;
    const j = text.indexOf('\n', start);
    this.textPos = j + 1;
    // The line's end in the bytes. Every UTF-16 unit of the line came from at least one byte (a
    // 4-byte character gives two units), and only its last byte is a newline: so if the byte as far
    // in as the line has units is the newline, the line was one byte per unit; otherwise its newline
    // is the first one after that byte, found by a native search (on mixed text a step per extra byte
    // of the multi-byte characters costs more than the decoding). No scan of the text for non-ASCII.
    const batch = this.batch;
    const from = this.bytePos;
    let end = from + (j - start);
    if (batch[end] !== NL) end = batch.indexOf(NL, end + 1);
    const bytes = end + 1 - from;
    this.bytePos = end + 1;
    const offset = buf.consumed;
    buf.advance(bytes);
    this.cacheAt = offset + bytes;
    if (bytes - 1 > this.scanner.maxLength) throw new MaxLengthExceededError(this.scanner.maxLength, offset);
    return text.slice(start, j > start && text.charCodeAt(j - 1) === CR ? j - 1 : j);
  }

  /** A line that spans buffered ranges: copied out, then decoded. */
  private takeLine(buf: BytesMut, i: number): string {
    const offset = buf.consumed;
    const frame = buf.splitTo(i + 1);
    return decodeUtf8(frame.subarray(0, i > 0 && frame[i - 1] === CR ? i - 1 : i), offset, this.lossy);
  }
}

const NL = 10;
const CR = 13;
const EMPTY = /* @__PURE__ */ new Uint8Array(0);
const findNewline = (buf: BytesMut, from: number): number => buf.indexOf(NL, from);
