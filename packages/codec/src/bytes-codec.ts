import type { BytesMut } from './bytes-mut';
import type { Decoder, Encoder } from './codec';

/**
 * Passes bytes through unchanged (tokio-util's `BytesCodec`): `decode` returns whatever is buffered
 * (as one view when it came in one chunk), `encode` appends the bytes. Useful to turn a byte sink into
 * a `FramedWrite` or to re-chunk a stream.
 *
 * @example
 * ```ts
 * import { BytesCodec, BytesMut } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const codec = new BytesCodec();
 * const buf = new BytesMut();
 * assert.equal(codec.decode(buf), undefined);
 * codec.encode(new Uint8Array([1, 2]), buf);
 * assert.deepEqual(codec.decode(buf), new Uint8Array([1, 2]));
 * ```
 */
export class BytesCodec implements Decoder<Uint8Array>, Encoder<Uint8Array> {
  /** Everything buffered, or `undefined` when the buffer is empty. */
  decode(buf: BytesMut): Uint8Array | undefined {
    return buf.length === 0 ? undefined : buf.split();
  }

  /** Appends a copy of `data`. */
  encode(data: Uint8Array, dst: BytesMut): void {
    dst.put(data);
  }
}
