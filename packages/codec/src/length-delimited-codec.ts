import { checkBoolean, checkInteger, checkOptions } from '@async/core/protocol';
import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';
import { FrameTooBigError, InvalidFrameError, TruncatedFrameError } from './errors';

/**
 * Options of {@link LengthDelimitedCodec}, tokio-util's `length_delimited::Builder` settings.
 * The defaults are tokio's, so the default codec reads and writes tokio's default wire format:
 * a 4-byte big-endian payload length, then the payload.
 */
export interface LengthDelimitedOptions {
  /**
   * Bytes of header before the length field (decoding only: the encoder writes no such bytes).
   * @defaultValue `0`
   */
  readonly lengthFieldOffset?: number;
  /**
   * Size of the length field, 1 to 8 bytes (tokio's `length_field_length` / `length_field_type`).
   * @defaultValue `4`
   */
  readonly lengthFieldLength?: number;
  /**
   * Read and write the length field little-endian.
   * @defaultValue `false` (big-endian, network order)
   */
  readonly littleEndian?: boolean;
  /**
   * Added to the length field's value to get the number of bytes that follow the skipped header
   * (negative when the field counts header bytes too). The encoder writes `payload.length - lengthAdjustment`.
   * @defaultValue `0`
   */
  readonly lengthAdjustment?: number;
  /**
   * Bytes of header to drop before the frame starts (decoding only). `0` keeps the header in the frame.
   * @defaultValue `lengthFieldOffset + lengthFieldLength`
   */
  readonly numSkip?: number;
  /**
   * The largest length field value accepted when decoding (checked before `lengthAdjustment`, as in
   * tokio), and the largest payload accepted when encoding. A larger declared length fails at once,
   * from the header alone: the payload is never buffered.
   * @defaultValue `8 * 1024 * 1024` (8 MiB)
   */
  readonly maxFrameLength?: number;
}

/** The keys of {@link LengthDelimitedOptions}. */
export const LENGTH_DELIMITED_OPTIONS = [
  'lengthFieldOffset',
  'lengthFieldLength',
  'littleEndian',
  'lengthAdjustment',
  'numSkip',
  'maxFrameLength',
] as const;

/**
 * Frames prefixed by their length (tokio-util's `LengthDelimitedCodec`), with all of its builder's
 * settings. Frames are `Uint8Array`s: a view of the input when the frame lies in one input chunk (see
 * `BytesMut` on aliasing), else a copy. Either way a frame stays valid after the next read (nothing
 * writes into an input chunk or into a byte of the buffer already handed out), as long as the source
 * does not reuse a chunk's memory after yielding it (else use `FramedRead`'s `copyInput`).
 *
 * When the input ends inside a frame — even right after a complete header — `decodeEof` throws
 * {@link TruncatedFrameError}. (tokio's default `decode_eof` lets a stream that ends right after a
 * header pass silently; `@async/codec` reports it.)
 *
 * **Every frame reaches past its own length field.** A frame ends `numSkip + length + lengthAdjustment`
 * bytes after its start; with `numSkip` smaller than the header (a header kept in the frame), a small
 * declared length could end the frame inside its own length field, and the next header would be read
 * from the same bytes: tokio-util then yields empty frames forever. Here such a header throws
 * {@link InvalidFrameError} without consuming anything (so a `FramedRead` ends), and a configuration in
 * which no frame at all could reach past its length field is refused at construction.
 *
 * @example
 * ```ts
 * import { BytesMut, LengthDelimitedCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const codec = new LengthDelimitedCodec();
 * const buf = new BytesMut();
 * codec.encode(new TextEncoder().encode('hi'), buf);
 * assert.deepEqual(buf.slice(), new Uint8Array([0, 0, 0, 2, 104, 105])); // tokio's default format
 * assert.equal(new TextDecoder().decode(codec.decode(buf)), 'hi');
 *
 * // A 2-byte little-endian length that counts the whole frame, header kept in the frame:
 * const custom = new LengthDelimitedCodec({ lengthFieldLength: 2, littleEndian: true, numSkip: 0 });
 * buf.put(new Uint8Array([5, 0, 1, 2, 3]));
 * assert.deepEqual(custom.decode(buf), new Uint8Array([5, 0, 1, 2, 3]));
 * ```
 */
export class LengthDelimitedCodec implements Decoder<Uint8Array>, Encoder<Uint8Array> {
  readonly lengthFieldOffset: number;
  readonly lengthFieldLength: number;
  readonly littleEndian: boolean;
  readonly lengthAdjustment: number;
  readonly numSkip: number;
  private max: number;
  /** Bytes needed before the header can be read. */
  private readonly headLength: number;
  /** Where the length field ends: a frame must reach at least this far (see above). */
  private readonly fieldEnd: number;
  /** Length of the frame whose header was consumed, or -1 while waiting for a header. */
  private pending = -1;
  /** The first length the field cannot hold (`2 ** (8 * lengthFieldLength)`), for the encoder's check. */
  private readonly fieldLimit: number;

  constructor(options?: LengthDelimitedOptions) {
    checkOptions(options, 'LengthDelimitedCodec options', LENGTH_DELIMITED_OPTIONS);
    const {
      lengthFieldOffset = 0,
      lengthFieldLength = 4,
      littleEndian = false,
      lengthAdjustment = 0,
      maxFrameLength = DEFAULT_MAX_FRAME_LENGTH,
    } = options ?? {};
    checkInteger(lengthFieldLength, 'lengthFieldLength', 1, 8);
    checkInteger(lengthFieldOffset, 'lengthFieldOffset', 0);
    checkBoolean(littleEndian, 'littleEndian');
    checkInteger(lengthAdjustment, 'lengthAdjustment', Number.MIN_SAFE_INTEGER);
    const numSkip = options?.numSkip ?? lengthFieldOffset + lengthFieldLength;
    checkInteger(numSkip, 'numSkip', 0);
    checkInteger(maxFrameLength, 'maxFrameLength', 0);
    this.lengthFieldOffset = lengthFieldOffset;
    this.lengthFieldLength = lengthFieldLength;
    this.littleEndian = littleEndian;
    this.lengthAdjustment = lengthAdjustment;
    this.numSkip = numSkip;
    this.fieldEnd = lengthFieldOffset + lengthFieldLength;
    this.headLength = Math.max(this.fieldEnd, numSkip);
    this.max = maxFrameLength;
    this.fieldLimit = 2 ** (8 * lengthFieldLength);
    const longest = Math.min(maxFrameLength, this.fieldLimit - 1);
    if (numSkip + longest + lengthAdjustment < this.fieldEnd) {
      throw new RangeError(
        `with numSkip ${numSkip}, lengthAdjustment ${lengthAdjustment} and maxFrameLength ${longest}, no frame can reach past its length field (bytes ${lengthFieldOffset} to ${this.fieldEnd}): every header would be read again as the next one`,
      );
    }
  }

  /**
   * The largest frame accepted (tokio's `max_frame_length` / `set_max_frame_length`). Setting it
   * applies from the next frame header on.
   */
  get maxFrameLength(): number {
    return this.max;
  }
  set maxFrameLength(value: number) {
    checkInteger(value, 'maxFrameLength', 0);
    this.max = value;
  }

  /**
   * The next frame, or `undefined` until it has fully arrived. Throws {@link FrameTooBigError} as
   * soon as a header declares too much, {@link InvalidFrameError} if the adjusted length is negative
   * or would end the frame inside its own length field. Neither consumes the header.
   */
  decode(buf: BytesMut): Uint8Array | undefined {
    let n = this.pending;
    if (n < 0) {
      if (buf.length < this.headLength) return undefined;
      const declared = buf.getUint(this.lengthFieldOffset, this.lengthFieldLength, this.littleEndian);
      if (declared > this.max) throw new FrameTooBigError(declared, this.max, 'declared');
      n = declared + this.lengthAdjustment;
      if (n < 0) {
        throw new InvalidFrameError(
          `provided length would overflow after adjustment: ${declared} + ${this.lengthAdjustment} < 0`,
        );
      }
      if (this.numSkip + n < this.fieldEnd) {
        throw new InvalidFrameError(
          `a frame of ${n} bytes after skipping ${this.numSkip} ends inside its own length field (bytes ${this.lengthFieldOffset} to ${this.fieldEnd}): it would be decoded again and again`,
        );
      }
      buf.advance(this.numSkip);
      this.pending = n;
    }
    if (buf.length < n) return undefined;
    this.pending = -1;
    return buf.splitTo(n);
  }

  /** As `decode`; then, if the input ended inside a frame, throws {@link TruncatedFrameError}. */
  decodeEof(buf: BytesMut): Uint8Array | undefined {
    const frame = this.decode(buf);
    if (frame !== undefined) return frame;
    if (this.pending >= 0) {
      const missing = this.pending - buf.length;
      throw new TruncatedFrameError(buf.length, `; the frame needs ${missing} more`);
    }
    if (buf.length > 0) throw new TruncatedFrameError(buf.length, '; the header is incomplete');
    return undefined;
  }

  /** Writes the length field (`payload.length - lengthAdjustment`) and the payload. */
  encode(payload: Uint8Array, dst: BytesMut): void {
    const n = payload.length;
    if (n > this.max) throw new FrameTooBigError(n, this.max, 'payload');
    const field = n - this.lengthAdjustment;
    if (field < 0 || field >= this.fieldLimit) {
      throw new InvalidFrameError(
        `provided length would overflow after adjustment: ${field} does not fit in ${this.lengthFieldLength} unsigned bytes`,
      );
    }
    dst.putUint(field, this.lengthFieldLength, this.littleEndian);
    dst.put(payload);
  }
}

/**
 * tokio-util's default maximum frame length: 8 MiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_FRAME_LENGTH, LengthDelimitedCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * assert.equal(new LengthDelimitedCodec().maxFrameLength, DEFAULT_MAX_FRAME_LENGTH);
 * assert.equal(DEFAULT_MAX_FRAME_LENGTH, 8 * 1024 * 1024);
 * ```
 */
export const DEFAULT_MAX_FRAME_LENGTH = 8 * 1024 * 1024;
