import { checkOptions, describe } from '@async/core/protocol';
import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';
import { InvalidJsonError } from './errors';
import {
  LENGTH_DELIMITED_OPTIONS,
  LengthDelimitedCodec,
  type LengthDelimitedOptions,
} from './length-delimited-codec';
import { strictUtf8 } from './utf8';

/** Options of {@link JsonCodec}: the framing settings and an optional validation hook. */
export interface JsonCodecOptions<T> extends LengthDelimitedOptions {
  /**
   * Checks a parsed value and returns it typed (a schema's `parse`, say); throw to reject it. A
   * rejected frame is consumed and surfaces as {@link InvalidJsonError} with the validator's error as
   * `cause`.
   * @defaultValue none: the parsed value is trusted to be a `T`
   */
  readonly validate?: (value: unknown) => T;
}

/**
 * JSON values in length-delimited frames (the FR-07 pattern): each item is `JSON.stringify`-ed to
 * UTF-8 and framed by a {@link LengthDelimitedCodec} with the given settings (tokio's default format
 * unless told otherwise). A frame that is not valid UTF-8 JSON, or that `validate` rejects, throws
 * {@link InvalidJsonError} carrying the frame; the frame is consumed, so reading may continue.
 *
 * @example
 * ```ts
 * import { BytesMut, JsonCodec } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * interface Ping { seq: number }
 * const codec = new JsonCodec<Ping>({
 *   validate: (v) => {
 *     if (typeof (v as Ping)?.seq !== 'number') throw new TypeError('not a Ping');
 *     return v as Ping;
 *   },
 * });
 * const buf = new BytesMut();
 * codec.encode({ seq: 1 }, buf);
 * assert.deepEqual(codec.decode(buf), { seq: 1 });
 * ```
 */
export class JsonCodec<T> implements Decoder<T>, Encoder<T> {
  private readonly frames: LengthDelimitedCodec;
  private readonly validate: ((value: unknown) => T) | undefined;

  constructor(options?: JsonCodecOptions<T>) {
    checkOptions(options, 'JsonCodec options', JSON_CODEC_OPTIONS);
    const { validate, ...framing } = options ?? {};
    if (validate !== undefined && typeof validate !== 'function') {
      throw new TypeError(`validate must be a function, got ${describe(validate)}`);
    }
    this.frames = new LengthDelimitedCodec(framing);
    this.validate = validate;
  }

  /** The next value, or `undefined` until its frame has arrived. */
  decode(buf: BytesMut): T | undefined {
    const frame = this.frames.decode(buf);
    return frame === undefined ? undefined : this.parse(frame);
  }

  /** As `decode`, then `TruncatedFrameError` if the input ended inside a frame. */
  decodeEof(buf: BytesMut): T | undefined {
    const frame = this.frames.decodeEof(buf);
    return frame === undefined ? undefined : this.parse(frame);
  }

  /** Writes `item` as one frame of JSON. Throws `TypeError` for what JSON cannot represent. */
  encode(item: T, dst: BytesMut): void {
    const text = JSON.stringify(item);
    if (text === undefined) throw new TypeError(`JsonCodec cannot encode ${typeof item}`);
    this.frames.encode(encoder.encode(text), dst);
  }

  private parse(frame: Uint8Array): T {
    let value: unknown;
    try {
      value = JSON.parse(strictUtf8.decode(frame));
    } catch (e) {
      throw new InvalidJsonError(frame, e);
    }
    if (this.validate === undefined) return value as T;
    try {
      return this.validate(value);
    } catch (e) {
      throw new InvalidJsonError(frame, e);
    }
  }
}

// `concat` under a pure mark rather than a spread, which bundlers keep (a spread runs an iterator).
const JSON_CODEC_OPTIONS: readonly string[] = /* @__PURE__ */ (
  LENGTH_DELIMITED_OPTIONS as readonly string[]
).concat('validate');
const encoder = /* @__PURE__ */ new TextEncoder();
