import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';
import { DelimiterScanner } from './delimited';
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
  private readonly delimiters: Uint8Array;
  private readonly writer: Uint8Array;
  private readonly lossy: boolean;
  private readonly scanner: DelimiterScanner;

  constructor(options: AnyDelimiterCodecOptions = {}) {
    const { seekDelimiters = ',;\n\r', sequenceWriter = ',', maxLength = Number.POSITIVE_INFINITY } = options;
    this.scanner = new DelimiterScanner(maxLength);
    this.delimiters = bytesOf(seekDelimiters);
    this.writer = bytesOf(sequenceWriter).slice();
    this.lossy = options.lossy ?? false;
  }

  /** The next chunk, or `undefined` until a delimiter arrives. */
  decode(buf: BytesMut): string | undefined {
    const i = this.scanner.scan(buf, this.find);
    return i < 0 ? undefined : takeText(buf, i + 1, i, this.lossy);
  }

  /** The longest chunk accepted, in bytes. */
  get maxLength(): number {
    return this.scanner.maxLength;
  }

  /** At the end of input: the remaining chunks, then the remainder as it is. */
  decodeEof(buf: BytesMut): string | undefined {
    const chunk = this.decode(buf);
    if (chunk !== undefined || buf.length === 0) return chunk;
    this.scanner.nextIndex = 0;
    return takeText(buf, buf.length, buf.length, this.lossy);
  }

  /** Writes `chunk` as UTF-8 followed by the sequence writer. */
  encode(chunk: string, dst: BytesMut): void {
    dst.putString(chunk);
    dst.put(this.writer);
  }

  private readonly find = (buf: BytesMut, from: number): number => {
    let best = -1;
    for (const d of this.delimiters) {
      const i = buf.indexOf(d, from);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    return best;
  };
}

function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
