import { checkBoolean, checkOptions, describe } from '@async/core/protocol';
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
  /** What `find` remembers, per delimiter, about the buffer it last searched (see there). */
  private searchedBuf: BytesMut | undefined = undefined;
  private readonly origin: number[];
  private readonly found: number[];
  private readonly searched: number[];

  constructor(options?: AnyDelimiterCodecOptions) {
    checkOptions(options, 'AnyDelimiterCodec options', [
      'seekDelimiters',
      'sequenceWriter',
      'maxLength',
      'lossy',
    ]);
    const {
      seekDelimiters = ',;\n\r',
      sequenceWriter = ',',
      maxLength = Number.POSITIVE_INFINITY,
      lossy = false,
    } = options ?? {};
    this.delimiters = bytesOf(seekDelimiters, 'seekDelimiters').slice();
    if (this.delimiters.length === 0) {
      throw new RangeError(`seekDelimiters must hold at least one byte, got ${describe(seekDelimiters)}`);
    }
    if (typeof seekDelimiters === 'string' && this.delimiters.length !== seekDelimiters.length) {
      throw new RangeError(
        `seekDelimiters must be ASCII when given as a string (each byte is a delimiter), got ${describe(seekDelimiters)}`,
      );
    }
    this.writer = bytesOf(sequenceWriter, 'sequenceWriter').slice();
    this.scanner = new DelimiterScanner(maxLength);
    checkBoolean(lossy, 'lossy');
    this.lossy = lossy;
    const n = this.delimiters.length;
    this.origin = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
    this.found = new Array<number>(n).fill(-1);
    this.searched = new Array<number>(n).fill(0);
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

  /**
   * The first delimiter at or after `from`. Searching the buffer for each delimiter on every call
   * would read to the end of the buffer for a delimiter that is rare, once per chunk taken: quadratic.
   * So each delimiter's search is remembered, as stream positions (`buf.consumed` + offset): where it
   * began (`origin`), what it found (`found`, -1 for nothing) and how far it read (`searched`). A
   * later search reuses a find that still lies ahead, and resumes a failed one where it stopped.
   */
  private readonly find = (buf: BytesMut, from: number): number => {
    const { delimiters, origin, found, searched } = this;
    if (buf !== this.searchedBuf) {
      this.searchedBuf = buf;
      origin.fill(Number.POSITIVE_INFINITY);
    }
    const base = buf.consumed;
    const pos = base + from;
    const end = base + buf.length;
    let best = -1;
    for (let k = 0; k < delimiters.length; k++) {
      let at = found[k]!;
      if (origin[k]! > pos || at < pos) {
        // Nothing remembered that covers `pos`: search, from where the last failed search stopped
        // if it covered `pos` too.
        let start = pos;
        if (origin[k]! <= pos && at < 0 && searched[k]! > pos) start = searched[k]!;
        else origin[k] = pos;
        const i = buf.indexOf(delimiters[k]!, start - base);
        at = i < 0 ? -1 : base + i;
        found[k] = at;
        searched[k] = end;
      }
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    return best < 0 ? -1 : best - base;
  };
}

function bytesOf(value: string | Uint8Array, name: string): Uint8Array {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`${name} must be a string or a Uint8Array, got ${describe(value)}`);
}
