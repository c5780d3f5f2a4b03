// UTF-8 helpers shared by the text codecs (internal).
import type { BytesMut } from './bytes-mut';
import { InvalidUtf8Error } from './errors';

/** Decoders that keep a byte-order mark as text, like Rust's `str::from_utf8`. */
export const strictUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
export const lossyUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes whole lines at once. Streaming mode is used for speed (in Node it takes a faster path than a
 * one-shot `decode`); the input always ends with `\n`, so nothing is left pending, and a decoder that
 * threw is replaced so that no partial state survives the error.
 */
export function decodeBatch(bytes: Uint8Array, lossy: boolean): string {
  if (lossy) return lossyStream.decode(bytes, STREAM);
  try {
    return strictStream.decode(bytes, STREAM);
  } catch (e) {
    strictStream = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    throw e;
  }
}
let strictStream = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyStream = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const STREAM = { stream: true };

/**
 * Index of the first byte of the first invalid UTF-8 sequence in `b[from, to)`, or -1. Follows the
 * WHATWG decoder (the one `TextDecoder` implements): no overlongs, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8(b: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= to) return i;
    const c1 = b[i + 1]!;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes `bytes` (a frame that started at stream offset `offset`) as UTF-8, or throws
 * {@link InvalidUtf8Error} naming the stream offset of the first invalid byte.
 */
export function decodeUtf8(bytes: Uint8Array, offset: number, lossy: boolean): string {
  if (lossy) return lossyUtf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes, 0, bytes.length);
    throw new InvalidUtf8Error(offset + Math.max(at, 0), bytes);
  }
}

/** Removes `n` bytes from `buf` and decodes the first `textLength` of them. */
export function takeText(buf: BytesMut, n: number, textLength: number, lossy: boolean): string {
  const offset = buf.consumed;
  const bytes = buf.splitTo(n);
  return decodeUtf8(textLength === n ? bytes : bytes.subarray(0, textLength), offset, lossy);
}
