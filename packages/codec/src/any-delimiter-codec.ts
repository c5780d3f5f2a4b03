import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';
import { MaxLengthExceededError } from './errors';
import { takeText } from './utf8';

/** Options of {@link AnyDelimiterCodec}. */
export interface AnyDelimiterCodecOptions {
  /**
   * Bytes that each end a chunk when decoding (any one of them).
   * @defaultValue `',;\n\r'` (tokio's default)
   */
  readonly seekDelimiters?: string | Uint8Array;
  /**
   * What `encode` writes after each chunk.
   * @defaultValue `','` (tokio's default)
   */
  readonly sequenceWriter?: string | Uint8Array;
  /**
   * Longest chunk accepted, in bytes; a longer one gives one {@link MaxLengthExceededError}, is
   * discarded up to the next delimiter, and decoding continues.
   * @defaultValue `Infinity`
   */
  readonly maxLength?: number;
  /**
   * Replace invalid UTF-8 with U+FFFD instead of throwing `InvalidUtf8Error`.
   * @defaultValue `false`
   */
  readonly lossy?: boolean;
}

/**
 * Splits bytes into text chunks at any of several delimiter bytes (tokio-util's `AnyDelimiterCodec`),
 * and writes chunks followed by a fixed separator. Length limit and discard as {@link LinesCodec};
 * at the end of input the remainder is returned as it is (no `\r` stripping).
 *
 * @example
 * ```ts
 * import { AnyDelimiterCodec, FramedRead } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const codec = new AnyDelimiterCodec({ seekDelimiters: ',;' });
 * const parts: string[] = [];
 * for await (const part of new FramedRead([new TextEncoder().encode('a,b;c')], codec)) parts.push(part);
 * assert.deepEqual(parts, ['a', 'b', 'c']);
 * ```
 */
export class AnyDelimiterCodec implements Decoder<string>, Encoder<string> {
  /** The longest chunk accepted, in bytes. */
  readonly maxLength: number;
  private readonly delimiters: Uint8Array;
  private readonly writer: Uint8Array;
  private readonly lossy: boolean;
  private discarding = false;
  private nextIndex = 0;

  constructor(options: AnyDelimiterCodecOptions = {}) {
    const { seekDelimiters = ',;\n\r', sequenceWriter = ',', maxLength = Number.POSITIVE_INFINITY } = options;
    if (!(maxLength >= 0)) throw new RangeError(`maxLength must be a number >= 0, got ${maxLength}`);
    this.delimiters = bytesOf(seekDelimiters);
    this.writer = bytesOf(sequenceWriter).slice();
    this.maxLength = maxLength;
    this.lossy = options.lossy ?? false;
  }

  /** The next chunk, or `undefined` until a delimiter arrives. */
  decode(buf: BytesMut): string | undefined {
    for (;;) {
      const i = this.find(buf, this.nextIndex);
      if (this.discarding) {
        if (i < 0) {
          buf.advance(buf.length);
          return undefined;
        }
        buf.advance(i + 1);
        this.discarding = false;
        continue;
      }
      if (i < 0 || i > this.maxLength) {
        if (buf.length <= this.maxLength) {
          this.nextIndex = buf.length;
          return undefined;
        }
        const offset = buf.consumed;
        this.nextIndex = 0;
        this.discarding = i < 0;
        buf.advance(i < 0 ? buf.length : i + 1);
        throw new MaxLengthExceededError(this.maxLength, offset);
      }
      this.nextIndex = 0;
      return takeText(buf, i + 1, i, this.lossy);
    }
  }

  /** At the end of input: the remaining chunks, then the remainder as it is. */
  decodeEof(buf: BytesMut): string | undefined {
    const chunk = this.decode(buf);
    if (chunk !== undefined || buf.length === 0) return chunk;
    this.nextIndex = 0;
    return takeText(buf, buf.length, buf.length, this.lossy);
  }

  /** Writes `chunk` as UTF-8 followed by the sequence writer. */
  encode(chunk: string, dst: BytesMut): void {
    dst.putString(chunk);
    dst.put(this.writer);
  }

  private find(buf: BytesMut, from: number): number {
    let best = -1;
    for (const d of this.delimiters) {
      const i = buf.indexOf(d, from);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    return best;
  }
}

function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
