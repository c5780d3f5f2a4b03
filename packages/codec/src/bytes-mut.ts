import { checkBoolean, checkInteger, describe } from '@async/core/protocol';
import { asBytes, type ByteChunk } from './byte-chunk';

/**
 * A growable byte buffer for decoders and encoders, tokio's `BytesMut` for `Uint8Array`.
 *
 * # Implementation notes
 *
 * The buffer is a queue of byte ranges, each `(array, start, end)` kept in three parallel arrays so
 * that appending, advancing and reading allocate nothing. Two kinds of range live in it:
 *
 * - **adopted chunks**: {@link BytesMut.append} stores a reference to a large input chunk instead of
 *   copying it (zero-copy);
 * - **blocks**: small appended chunks and everything written by `put*` are copied into an owned block
 *   of at least 64 KiB, filled front to back and **never written twice**. A full block is left to the
 *   garbage collector once nothing refers to it, and a new one starts.
 *
 * Because no byte the buffer holds is ever overwritten, {@link BytesMut.splitTo} can return a view
 * (`subarray`) whenever the requested bytes lie inside one range; it copies only when they span two
 * ranges, and then into a block too (frames up to 16 KiB; a larger one gets its own array), since
 * allocating a small `ArrayBuffer` per frame costs far more than copying it. Each byte is therefore
 * copied at most twice, and appending and advancing are O(1): no quadratic copying, even
 * for 1-byte chunks. Consumed ranges are dropped from the front of the queue; the queue's arrays are
 * compacted when more than half of them are dead, so memory follows the live bytes.
 *
 * **Resumable search.** A decoder waiting for a delimiter searches again from where it stopped each
 * time a chunk arrives (`indexOf(byte, from)`). Finding the range that holds `from` by walking the
 * queue from its head would cost one step per buffered range on every call: quadratic for a long line
 * in many small chunks. So `indexOf` and `at` remember the range where they stopped (as the stream
 * position of its first byte, which neither appending nor advancing changes) and start from there
 * when the position asked for lies at or after it.
 *
 * **Aliasing.** A frame returned by `splitTo` may be a view of (a) a chunk passed to `append`, or
 * (b) one of the buffer's blocks. (b) is always safe. (a) is safe as long as the producer of the chunk
 * does not write into it after handing it over, which holds for Node streams, `fetch` bodies and every
 * `ReadableStream` that is not read with a BYOB reader into a reused buffer. When that cannot be
 * promised, use {@link BytesMut.put} (or `FramedRead`'s `copyInput` option), which always copies.
 * So a frame handed out stays valid after the next read, and after every later one: the buffer never
 * writes into an input chunk, and writes each byte of a block once, before any frame can point at it.
 * A view keeps its whole chunk or block alive: copy (`frame.slice()`) a small frame you keep for long.
 *
 * **Arguments** are checked at the call: a count, an index or a size that is not an integer in range,
 * or bytes that are not a {@link ByteChunk}, throw a `TypeError` or `RangeError` naming the parameter
 * and leave the buffer as it was.
 *
 * @example
 * ```ts
 * import { BytesMut } from '@async/codec';
 * import assert from 'node:assert/strict';
 *
 * const buf = new BytesMut();
 * buf.append(new Uint8Array([0, 0, 0, 2, 104]));
 * buf.append(new Uint8Array([105]));
 * assert.equal(buf.length, 6);
 * assert.equal(buf.getUint(0, 4), 2);
 * buf.advance(4);
 * assert.deepEqual(buf.splitTo(2), new Uint8Array([104, 105]));
 * assert.equal(buf.length, 0);
 * assert.equal(buf.consumed, 6);
 * ```
 */
export class BytesMut {
  private bufs: Uint8Array[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  /** Index of the first live range. */
  private head = 0;
  private len = 0;
  private total = 0;
  private block: Uint8Array | undefined = undefined;
  private blockUsed = 0;
  /** The range where the last `indexOf` or `at` stopped (-1: none), and the stream position of `bufs[seekRange][0]`. */
  private seekRange = -1;
  private seekOrigin = 0;
  /** Set by `seekStart`: the offset of the first live byte of the range it returned. */
  private seekBase = 0;

  /** Bytes held. */
  get length(): number {
    return this.len;
  }

  /**
   * Bytes removed from the front since the buffer was created (by `advance`, `splitTo`, `split`,
   * `clear`). For a `FramedRead`'s buffer this is the stream offset of the first buffered byte; the
   * text codecs use it to report where in the stream invalid input was found.
   */
  get consumed(): number {
    return this.total;
  }

  /**
   * Appends `chunk`, taking it over: a chunk of 64 bytes or more is stored by reference (zero-copy),
   * a smaller one is copied. The caller must not modify `chunk` afterwards, since frames may be views
   * of it; use {@link BytesMut.put} when it will. Any {@link ByteChunk} is taken as its bytes.
   */
  append(chunk: ByteChunk): void {
    const bytes = chunk instanceof Uint8Array ? chunk : asBytes(chunk, 'chunk');
    const n = bytes.length;
    if (n < ADOPT_MIN) {
      if (n > 0) this.put(bytes);
      return;
    }
    this.bufs.push(bytes);
    this.starts.push(0);
    this.ends.push(n);
    this.len += n;
  }

  /** Appends a copy of `bytes` (tokio's `extend_from_slice`). Any {@link ByteChunk} is taken as its bytes. */
  put(bytes: ByteChunk): void {
    const source = bytes instanceof Uint8Array ? bytes : asBytes(bytes, 'bytes');
    const n = source.length;
    const at = this.reserve(n);
    this.block!.set(source, at);
    this.commit(n);
  }

  /** Appends one byte: `value` is an integer from 0 to 255. */
  putUint8(value: number): void {
    if ((value & 255) !== value) checkInteger(value, 'value', 0, 255);
    const at = this.reserve(1);
    this.block![at] = value;
    this.commit(1);
  }

  /**
   * Appends `value` as an unsigned integer of `size` bytes (1–8), big-endian unless `littleEndian`.
   * `value` must be a non-negative safe integer below `2 ** (8 * size)`.
   */
  putUint(value: number, size: number, littleEndian = false): void {
    if (size === 4 && littleEndian === false && value >>> 0 === value) {
      // A u32 big-endian length prefix, what most framings write before every frame.
      const at = this.reserve(4);
      const b = this.block!;
      b[at] = value >>> 24;
      b[at + 1] = value >>> 16;
      b[at + 2] = value >>> 8;
      b[at + 3] = value;
      this.commit(4);
      return;
    }
    checkSize(size);
    checkInteger(value, 'value', 0);
    if (littleEndian !== false) checkBoolean(littleEndian, 'littleEndian');
    if (size < 7 && value >= 2 ** (8 * size)) {
      throw new RangeError(`value ${value} does not fit in ${size} unsigned bytes`);
    }
    const at = this.reserve(size);
    const b = this.block!;
    let v = value;
    for (let i = 0; i < size; i++) {
      const byte = v % 256;
      v = (v - byte) / 256;
      b[littleEndian ? at + i : at + size - 1 - i] = byte;
    }
    this.commit(size);
  }

  /** Appends `text` encoded as UTF-8. */
  putString(text: string): void {
    if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${describe(text)}`);
    const at = this.reserve(text.length * 3);
    const { written } = encoder.encodeInto(text, this.block!.subarray(at));
    this.commit(written);
  }

  /** The byte at `index` (an integer >= 0), or `undefined` past the end. */
  at(index: number): number | undefined {
    if (!(index < this.len && Number.isInteger(index) && index >= 0)) {
      checkInteger(index, 'index', 0);
      return undefined;
    }
    let i = this.seekStart(index);
    let k = index - this.seekBase;
    for (;;) {
      const size = this.ends[i]! - this.starts[i]!;
      if (k < size) {
        this.remember(i, index - k);
        return this.bufs[i]![this.starts[i]! + k];
      }
      k -= size;
      i++;
    }
  }

  /** Index of the first `byte` (0 to 255) at or after `from` (an integer >= 0), or -1. */
  indexOf(byte: number, from = 0): number {
    if ((byte & 255) !== byte) checkInteger(byte, 'byte', 0, 255);
    if (!(Number.isInteger(from) && from >= 0)) checkInteger(from, 'from', 0);
    const n = this.bufs.length;
    let i = this.seekStart(from);
    let base = this.seekBase;
    for (; i < n; i++) {
      const s = this.starts[i]!;
      const e = this.ends[i]!;
      const size = e - s;
      if (from < base + size) {
        const j = search(this.bufs[i]!, byte, s + Math.max(0, from - base), e);
        if (j >= 0) {
          this.remember(i, base);
          return base + j - s;
        }
      }
      if (i === n - 1) this.remember(i, base);
      base += size;
    }
    return -1;
  }

  /**
   * Reads an unsigned integer of `size` bytes (1–8) at `offset`, big-endian unless `littleEndian`,
   * without consuming it. Values above 2^53 are approximate (they exceed any safe frame length).
   */
  getUint(offset: number, size: number, littleEndian = false): number {
    if (!(Number.isInteger(offset) && offset >= 0)) checkInteger(offset, 'offset', 0);
    if (!(size === 4 || (Number.isInteger(size) && size >= 1 && size <= 8))) checkSize(size);
    if (littleEndian !== false) checkBoolean(littleEndian, 'littleEndian');
    if (offset + size > this.len) throw new RangeError('getUint past the end of the buffer');
    const h = this.head;
    const s = this.starts[h]! + offset;
    if (s + size <= this.ends[h]!) {
      const b = this.bufs[h]!;
      if (size === 4 && !littleEndian)
        return ((b[s]! << 24) | (b[s + 1]! << 16) | (b[s + 2]! << 8) | b[s + 3]!) >>> 0;
      let v = 0;
      if (littleEndian) for (let i = size - 1; i >= 0; i--) v = v * 256 + b[s + i]!;
      else for (let i = 0; i < size; i++) v = v * 256 + b[s + i]!;
      return v;
    }
    let v = 0;
    if (littleEndian) for (let i = size - 1; i >= 0; i--) v = v * 256 + this.at(offset + i)!;
    else for (let i = 0; i < size; i++) v = v * 256 + this.at(offset + i)!;
    return v;
  }

  /** Drops `count` bytes from the front. */
  advance(count: number): void {
    let n = count;
    const h0 = this.head;
    const s0 = this.starts[h0]! + n;
    if (s0 < this.ends[h0]! && n >= 0 && Number.isInteger(n)) {
      // Within the first range: the common case.
      this.starts[h0] = s0;
      this.len -= n;
      this.total += n;
      return;
    }
    checkCount(n, this.len, 'advance');
    this.len -= n;
    this.total += n;
    if (this.len === 0) {
      this.setHead(this.bufs.length);
      this.seekRange = -1;
      return;
    }
    let h = this.head;
    for (;;) {
      const size = this.ends[h]! - this.starts[h]!;
      if (n < size) {
        this.starts[h]! += n;
        break;
      }
      n -= size;
      h++;
    }
    this.setHead(h);
  }

  /**
   * Removes the first `count` bytes and returns them: a view when they lie inside one stored range
   * (see the aliasing note above), a fresh copy otherwise.
   */
  splitTo(count: number): Uint8Array {
    const n = count;
    if (!(n <= this.len && n >= 0 && Number.isInteger(n))) checkCount(n, this.len, 'split');
    const h = this.head;
    const s = this.starts[h];
    if (s !== undefined && s + n <= this.ends[h]!) {
      const view = this.bufs[h]!.subarray(s, s + n);
      this.advance(n);
      return view;
    }
    if (n === 0) return new Uint8Array(0);
    let out: Uint8Array;
    if (n > BLOCK_SIZE / 4) out = new Uint8Array(n);
    else {
      // Carve the copy out of the current block: allocating a small ArrayBuffer per frame costs far
      // more than the copy. The block is append-only, so the view stays valid.
      const at = this.reserve(n);
      out = this.block!.subarray(at, at + n);
      this.blockUsed = at + n;
    }
    this.copyTo(out, 0, n);
    this.advance(n);
    return out;
  }

  /** Removes and returns everything (tokio's `split`): a view if it is one range, else one copy. */
  split(): Uint8Array {
    return this.splitTo(this.len);
  }

  /** A copy of bytes `[start, end)` (integers >= 0; past the end means to the end), leaving the buffer as it is. */
  slice(start = 0, end = this.len): Uint8Array {
    checkInteger(start, 'start', 0);
    checkInteger(end, 'end', 0);
    const from = Math.max(0, Math.min(start, this.len));
    const to = Math.max(from, Math.min(end, this.len));
    const out = new Uint8Array(to - from);
    this.copyTo(out, from, to);
    return out;
  }

  /** Drops every byte. */
  clear(): void {
    this.advance(this.len);
  }

  /**
   * The first stored range, as a view (possibly shorter than `length`): lets a decoder work on
   * contiguous bytes without copying. Empty when the buffer is.
   */
  firstChunk(): Uint8Array {
    const h = this.head;
    if (this.len === 0) return EMPTY;
    return this.bufs[h]!.subarray(this.starts[h]!, this.ends[h]!);
  }

  /**
   * The range to start a walk to offset `pos` from: the remembered one if it starts at or before
   * `pos`, else the head. Sets `seekBase` to that range's offset.
   */
  private seekStart(pos: number): number {
    const r = this.seekRange;
    if (r >= this.head && r < this.bufs.length) {
      const base = this.seekOrigin + this.starts[r]! - this.total;
      if (base <= pos) {
        this.seekBase = base;
        return r;
      }
    }
    this.seekBase = 0;
    return this.head;
  }

  /** Remembers range `i`, whose first live byte is at offset `base`. */
  private remember(i: number, base: number): void {
    this.seekRange = i;
    this.seekOrigin = this.total + base - this.starts[i]!;
  }

  private copyTo(out: Uint8Array, from: number, to: number): void {
    let base = 0;
    let at = 0;
    for (let i = this.head; i < this.bufs.length && base < to; i++) {
      const s = this.starts[i]!;
      const size = this.ends[i]! - s;
      const a = Math.max(from, base);
      const b = Math.min(to, base + size);
      if (a < b) {
        out.set(this.bufs[i]!.subarray(s + a - base, s + b - base), at);
        at += b - a;
      }
      base += size;
    }
  }

  /** Makes room for `n` bytes in the current block and returns where they go. */
  private reserve(n: number): number {
    const b = this.block;
    if (b === undefined || b.length - this.blockUsed < n) {
      this.block = new Uint8Array(Math.max(BLOCK_SIZE, n));
      this.blockUsed = 0;
    }
    return this.blockUsed;
  }

  /** Adds the `n` bytes just written at `blockUsed` to the buffer, extending the last range if it ends there. */
  private commit(n: number): void {
    if (n === 0) return;
    const at = this.blockUsed;
    const last = this.bufs.length - 1;
    if (last >= this.head && this.bufs[last] === this.block && this.ends[last] === at) {
      this.ends[last] = at + n;
    } else {
      this.bufs.push(this.block!);
      this.starts.push(at);
      this.ends.push(at + n);
    }
    this.blockUsed = at + n;
    this.len += n;
  }

  /**
   * Makes range `h` the first live one. The ranges before it let go of their arrays at once (a dead
   * range must not keep a chunk alive), and the queue's arrays are compacted when more than half of
   * them are dead. Emptying the buffer moves the head past the end instead of truncating the arrays:
   * a request/response peer empties it on every frame, and truncating then growing three arrays cost
   * a fifth of encoding a frame.
   */
  private setHead(h: number): void {
    for (let i = this.head; i < h; i++) this.bufs[i] = EMPTY;
    this.head = h;
    if (h > 64 && h * 2 > this.bufs.length) {
      this.bufs.splice(0, h);
      this.starts.splice(0, h);
      this.ends.splice(0, h);
      this.head = 0;
      this.seekRange -= h;
    }
  }
}

/** Throws unless `n` is an integer from 0 to `len` (`what` is the verb for the message). */
function checkCount(n: number, len: number, what: string): void {
  checkInteger(n, 'count', 0);
  if (n > len) throw new RangeError(`cannot ${what} ${n} bytes, ${len} buffered`);
}

/** Throws unless `size` is an integer from 1 to 8 (bytes of an unsigned integer). */
function checkSize(size: number): void {
  checkInteger(size, 'size', 1, 8);
}

/** Chunks at least this long are adopted by reference; shorter ones are copied into a block. */
const ADOPT_MIN = 64;
const BLOCK_SIZE = 64 * 1024;
const EMPTY = /* @__PURE__ */ new Uint8Array(0);
const encoder = /* @__PURE__ */ new TextEncoder();

/** `indexOf` of `byte` in `b[from, end)`, returning an index into `b` or -1. */
function search(b: Uint8Array, byte: number, from: number, end: number): number {
  if (end - from < 16) {
    for (let i = from; i < end; i++) if (b[i] === byte) return i;
    return -1;
  }
  // A block's unused tail can be long: search a view of the live part only.
  const j = b.length - end > 256 ? b.subarray(from, end).indexOf(byte) : b.indexOf(byte, from);
  if (j < 0) return -1;
  const at = b.length - end > 256 ? j + from : j;
  return at < end ? at : -1;
}
