import type { BytesMut } from './bytes-mut';
import { TruncatedFrameError } from './errors';

/**
 * Turns bytes into frames (tokio-util's `Decoder`).
 *
 * `decode(buf)` looks at the buffered bytes and either removes exactly one frame's bytes and returns
 * the frame, or returns `undefined` ("need more bytes") and leaves what it cannot use yet in `buf`.
 * It may consume bytes it will never return (a header, a discarded line) and keep state between calls.
 * It throws on bad input. A frame may not be `undefined`.
 *
 * `decodeEof(buf)` is called instead once the input has ended, until it returns `undefined`. Left
 * out, {@link decodeEof} applies tokio's default: decode what is whole, and fail with
 * {@link TruncatedFrameError} if bytes remain.
 *
 * @example
 * ```ts
 * import { BytesMut, type Decoder } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * // Frames of one length byte followed by that many bytes.
 * const shortFrames: Decoder<Uint8Array> = {
 *   decode(buf) {
 *     const n = buf.at(0);
 *     if (n === undefined || buf.length < 1 + n) return undefined;
 *     buf.advance(1);
 *     return buf.splitTo(n);
 *   },
 * };
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([2, 7, 8, 1]));
 * assert.deepEqual(shortFrames.decode(buf), new Uint8Array([7, 8]));
 * assert.equal(shortFrames.decode(buf), undefined); // need more bytes
 * ```
 */
export interface Decoder<T> {
  decode(buf: BytesMut): T | undefined;
  decodeEof?(buf: BytesMut): T | undefined;
}

/**
 * Turns items into bytes (tokio-util's `Encoder`): `encode(item, dst)` appends the item's encoding to
 * `dst` or throws. A codec may implement both `Decoder` and `Encoder` (then `Framed` uses it both ways).
 *
 * @example
 * ```ts
 * import { BytesMut, type Encoder } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const shortFrames: Encoder<Uint8Array> = {
 *   encode(item, dst) {
 *     if (item.length > 255) throw new RangeError('frame too long');
 *     dst.putUint8(item.length);
 *     dst.put(item);
 *   },
 * };
 * const dst = new BytesMut();
 * shortFrames.encode(new Uint8Array([7, 8]), dst);
 * assert.deepEqual(dst.split(), new Uint8Array([2, 7, 8]));
 * ```
 */
export interface Encoder<T> {
  encode(item: T, dst: BytesMut): void;
}

/**
 * What `FramedRead` calls at the end of the input: `decoder.decodeEof(buf)` if it has one, else
 * tokio's default (`decode`, then {@link TruncatedFrameError} if bytes remain).
 *
 * @example
 * ```ts
 * import { BytesCodec, BytesMut, decodeEof } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.put(new Uint8Array([1, 2]));
 * assert.deepEqual(decodeEof(new BytesCodec(), buf), new Uint8Array([1, 2]));
 * assert.equal(decodeEof(new BytesCodec(), buf), undefined);
 * ```
 */
export function decodeEof<T>(decoder: Decoder<T>, buf: BytesMut): T | undefined {
  if (decoder.decodeEof !== undefined) return decoder.decodeEof(buf);
  const frame = decoder.decode(buf);
  if (frame !== undefined) return frame;
  if (buf.length > 0) throw new TruncatedFrameError(buf.length);
  return undefined;
}
