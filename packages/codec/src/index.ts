/**
 * @packageDocumentation
 * Encoders, decoders and framing for `Uint8Array` streams, after tokio-util's `codec` module.
 *
 * **Choosing a codec.** Text one line at a time: {@link LinesCodec} (set `maxLength` for untrusted
 * input). Binary messages: {@link LengthDelimitedCodec}, whose defaults are byte-for-byte tokio's
 * default format (a 4-byte big-endian length, then the payload) and whose options cover the framing of
 * most existing protocols. JSON messages: {@link JsonCodec}, JSON in length-delimited frames with an
 * optional validation hook. Text split at any of several bytes: {@link AnyDelimiterCodec}. Raw bytes:
 * {@link BytesCodec}. Your own protocol: implement {@link Decoder} and/or {@link Encoder} over a
 * {@link BytesMut}.
 *
 * **Choosing a framer.** {@link FramedRead} turns any `AsyncIterable<Uint8Array>` or `ReadableStream`
 * into an `AsyncIterable` of frames; {@link FramedWrite} turns a `WritableStream` or a `{ write }` sink
 * into something you `send` items to, with backpressure; {@link Framed} does both over a
 * `{ readable, writable }` pair.
 */

export { AnyDelimiterCodec, type AnyDelimiterCodecOptions } from './any-delimiter-codec';
export type { ByteChunk } from './byte-chunk';
export { BytesCodec } from './bytes-codec';
export { BytesMut } from './bytes-mut';
export { type Decoder, decodeEof, type Encoder } from './codec';
export {
  FrameTooBigError,
  InvalidFrameError,
  InvalidJsonError,
  InvalidUtf8Error,
  MaxLengthExceededError,
  TruncatedFrameError,
} from './errors';
export { type ByteDuplex, Framed } from './framed';
export { type ByteSource, FramedRead, type FramedReadOptions } from './framed-read';
export {
  type ByteSink,
  type ByteSinkLike,
  FramedWrite,
  type FramedWriteOptions,
  SinkClosedError,
  type WriteOptions,
} from './framed-write';
export { JsonCodec, type JsonCodecOptions } from './json-codec';
export {
  DEFAULT_MAX_FRAME_LENGTH,
  LengthDelimitedCodec,
  type LengthDelimitedOptions,
} from './length-delimited-codec';
export { LinesCodec, type LinesCodecOptions } from './lines-codec';
