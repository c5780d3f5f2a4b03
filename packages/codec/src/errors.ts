import { AsyncError } from '@async/core';

/**
 * A line or delimited chunk was longer than the codec's `maxLength` (tokio's
 * `MaxLineLengthExceeded` / `MaxChunkLengthExceeded`). The codec discards the rest of that line and
 * carries on with the next one, so reading may continue after this error.
 *
 * @example
 * ```ts
 * import { BytesMut, LinesCodec, MaxLengthExceededError } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const codec = new LinesCodec({ maxLength: 4 });
 * const buf = new BytesMut();
 * buf.put(new TextEncoder().encode('too long\nok\n'));
 * assert.throws(() => codec.decode(buf), (e) => MaxLengthExceededError.is(e) && e.offset === 0);
 * assert.equal(codec.decode(buf), 'ok'); // the long line was discarded
 * ```
 */
export class MaxLengthExceededError extends AsyncError {
  override readonly name = 'MaxLengthExceededError';
  static override readonly code = 'ERR_MAX_LENGTH_EXCEEDED';
  declare static readonly is: (e: unknown) => e is MaxLengthExceededError;
  /** The limit that was exceeded, in bytes. */
  readonly maxLength: number;
  /** Stream offset of the first byte of the offending line. */
  readonly offset: number;
  constructor(maxLength: number, offset: number) {
    super(`max line length exceeded: a line starting at byte ${offset} is longer than ${maxLength} bytes`);
    this.maxLength = maxLength;
    this.offset = offset;
  }
}

/**
 * A length-delimited frame declared a length above `maxFrameLength` (tokio's "frame size too big"),
 * or an encoder was given a payload above it. Raised from the header alone: the payload is never
 * buffered.
 *
 * @example
 * ```ts
 * import { BytesMut, FrameTooBigError, LengthDelimitedCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([0xff, 0xff, 0xff, 0xff])); // a header claiming 4 GiB
 * assert.throws(() => new LengthDelimitedCodec().decode(buf), (e) => FrameTooBigError.is(e) && e.length === 2 ** 32 - 1);
 * ```
 */
export class FrameTooBigError extends AsyncError {
  override readonly name = 'FrameTooBigError';
  static override readonly code = 'ERR_FRAME_TOO_BIG';
  declare static readonly is: (e: unknown) => e is FrameTooBigError;
  /** The declared (decoding) or actual (encoding) length. */
  readonly length: number;
  /** The limit. */
  readonly maxFrameLength: number;
  constructor(length: number, maxFrameLength: number, what = 'frame') {
    super(`frame size too big: ${what} length ${length} exceeds the maximum of ${maxFrameLength} bytes`);
    this.length = length;
    this.maxFrameLength = maxFrameLength;
  }
}

/** A frame's header is inconsistent: its length turns negative after `lengthAdjustment`, or does not fit. *
 * @example
 * ```ts
 * import { BytesMut, InvalidFrameError, LengthDelimitedCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([0, 0, 0, 1]));
 * assert.throws(() => new LengthDelimitedCodec({ lengthAdjustment: -2 }).decode(buf), InvalidFrameError.is);
 * ```
 */
export class InvalidFrameError extends AsyncError {
  override readonly name = 'InvalidFrameError';
  static override readonly code = 'ERR_INVALID_FRAME';
  declare static readonly is: (e: unknown) => e is InvalidFrameError;
}

/**
 * Input that should be UTF-8 is not. `offset` is the stream offset of the first byte of the invalid
 * sequence; `frame` holds the raw bytes of the line, which the codec has consumed, so reading may
 * continue with the next line.
 *
 * @example
 * ```ts
 * import { BytesMut, InvalidUtf8Error, LinesCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([0x6f, 0x6b, 0x0a, 0x61, 0xff, 0x0a]));
 * const codec = new LinesCodec();
 * assert.equal(codec.decode(buf), 'ok');
 * assert.throws(() => codec.decode(buf), (e) => InvalidUtf8Error.is(e) && e.offset === 4);
 * ```
 */
export class InvalidUtf8Error extends AsyncError {
  override readonly name = 'InvalidUtf8Error';
  static override readonly code = 'ERR_INVALID_UTF8';
  declare static readonly is: (e: unknown) => e is InvalidUtf8Error;
  /** Stream offset of the first invalid byte. */
  readonly offset: number;
  /** The raw bytes of the frame (line) holding it. */
  readonly frame: Uint8Array;
  constructor(offset: number, frame: Uint8Array) {
    super(`invalid UTF-8 at byte ${offset} of the stream`);
    this.offset = offset;
    this.frame = frame;
  }
}

/**
 * The input ended inside a frame (tokio's "bytes remaining on stream"): `remaining` bytes were
 * buffered that do not form a whole frame.
 *
 * @example
 * ```ts
 * import { BytesMut, LengthDelimitedCodec, TruncatedFrameError } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([0, 0, 0, 9, 1, 2]));
 * assert.throws(() => new LengthDelimitedCodec().decodeEof(buf), TruncatedFrameError.is);
 * ```
 */
export class TruncatedFrameError extends AsyncError {
  override readonly name = 'TruncatedFrameError';
  static override readonly code = 'ERR_TRUNCATED_FRAME';
  declare static readonly is: (e: unknown) => e is TruncatedFrameError;
  /** Bytes left over at the end of the input. */
  readonly remaining: number;
  constructor(remaining: number, detail = '') {
    super(`bytes remaining on stream: the input ended inside a frame (${remaining} bytes left${detail})`);
    this.remaining = remaining;
  }
}

/**
 * A JSON frame did not parse, or the codec's `validate` hook rejected it. `frame` holds the raw
 * bytes and `cause` the parser's or validator's error. The frame is consumed: reading may continue.
 *
 * @example
 * ```ts
 * import { BytesMut, InvalidJsonError, JsonCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([0, 0, 0, 1, 0x7b])); // "{"
 * assert.throws(() => new JsonCodec().decode(buf), (e) => InvalidJsonError.is(e) && e.frame.length === 1);
 * ```
 */
export class InvalidJsonError extends AsyncError {
  override readonly name = 'InvalidJsonError';
  static override readonly code = 'ERR_INVALID_JSON';
  declare static readonly is: (e: unknown) => e is InvalidJsonError;
  /** The raw payload of the frame. */
  readonly frame: Uint8Array;
  constructor(frame: Uint8Array, cause: unknown) {
    super(
      `invalid JSON frame (${frame.length} bytes): ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.frame = frame;
  }
}
