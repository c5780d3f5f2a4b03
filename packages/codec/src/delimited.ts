// The search-and-discard state machine that LinesCodec and AnyDelimiterCodec share (internal),
// after tokio-util's: one error for a chunk over the limit, then discard up to the next delimiter.

import { checkNumber } from '@async/core/protocol';
import type { BytesMut } from './bytes-mut';
import { MaxLengthExceededError } from './errors';

export class DelimiterScanner {
  readonly maxLength: number;
  /** Discarding the rest of a chunk that was over the limit. */
  private discarding = false;
  /** How far the current partial chunk has been searched already. */
  nextIndex = 0;

  constructor(maxLength: unknown) {
    checkNumber(maxLength, 'maxLength', 0);
    if (!Number.isInteger(maxLength) && maxLength !== Number.POSITIVE_INFINITY) {
      throw new RangeError(`maxLength must be an integer >= 0 or Infinity, got ${maxLength} (number)`);
    }
    this.maxLength = maxLength;
  }

  /**
   * Index of the delimiter that ends the next chunk within the limit, or -1 for "need more". Throws
   * {@link MaxLengthExceededError} once per chunk over the limit, and discards that chunk.
   */
  scan(buf: BytesMut, find: (buf: BytesMut, from: number) => number): number {
    for (;;) {
      const i = find(buf, this.nextIndex);
      if (this.discarding) {
        if (i < 0) {
          buf.advance(buf.length);
          return -1;
        }
        buf.advance(i + 1);
        this.discarding = false;
        continue;
      }
      if (i < 0 || i > this.maxLength) {
        if (buf.length <= this.maxLength) {
          this.nextIndex = buf.length;
          return -1;
        }
        const offset = buf.consumed;
        this.nextIndex = 0;
        this.discarding = i < 0;
        buf.advance(i < 0 ? buf.length : i + 1);
        throw new MaxLengthExceededError(this.maxLength, offset);
      }
      this.nextIndex = 0;
      return i;
    }
  }
}
