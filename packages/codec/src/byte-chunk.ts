import { describe } from '@async/core/protocol';

/**
 * What the codec takes as bytes: a `Uint8Array`, any other `ArrayBufferView` (`DataView`, `Buffer`, a
 * typed array of any element type: its bytes, in memory order) or a whole `ArrayBuffer` /
 * `SharedArrayBuffer` (a WebSocket with `binaryType: 'arraybuffer'` delivers those). None is copied:
 * the codec reads them through a `Uint8Array` view of the same memory.
 */
export type ByteChunk = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

/**
 * `chunk` as a `Uint8Array` over the same memory (no copy), or a `TypeError` naming `what` and what
 * came instead.
 */
export function asBytes(chunk: unknown, what: string): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (isArrayBuffer(chunk)) return new Uint8Array(chunk);
  throw new TypeError(
    `${what} must be bytes (a Uint8Array, another ArrayBufferView or an ArrayBuffer), got ${describe(chunk)}`,
  );
}

/** Whether `value` is an `ArrayBuffer` or a `SharedArrayBuffer`, from this realm or another. */
function isArrayBuffer(value: unknown): value is ArrayBuffer | SharedArrayBuffer {
  if (value instanceof ArrayBuffer) return true;
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}
