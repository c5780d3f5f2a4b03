/**
 * The errors of @async/channels. Each has a stable `code` and a static `is(e)` that recognises it from
 * any copy of the package (ESM or CJS), as every `@async` error does.
 */
import { AsyncError } from '@async/core';

/**
 * The channel is closed: a send found its receiver gone (the value comes back in {@link value}), or a
 * receive found no sender left (a oneshot sender closed unsent, a closed watch channel).
 *
 * @example
 * ```ts
 * import { ChannelClosedError, mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<string>(1);
 * rx.close();
 * await assert.rejects(tx.send('hello'), (e) => ChannelClosedError.is(e) && e.value === 'hello');
 * ```
 */
export class ChannelClosedError<T = unknown> extends AsyncError {
  override readonly name = 'ChannelClosedError';
  static override readonly code = 'ERR_CHANNEL_CLOSED';
  declare static readonly is: (e: unknown) => e is ChannelClosedError;
  /** The value a failed send hands back; `undefined` for a failed receive. */
  readonly value: T;
  constructor(value: T, message = 'channel closed') {
    super(message);
    this.value = value;
  }
}

/**
 * A broadcast receiver fell more than the channel's capacity behind: {@link skipped} messages were
 * overwritten before it read them. The receiver stays subscribed; its next receive returns the oldest
 * value the channel still holds.
 *
 * @example
 * ```ts
 * import { broadcast, LaggedError } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = broadcast<number>(2);
 * for (let i = 1; i <= 5; i++) tx.send(i);
 * await assert.rejects(rx.recv(), (e) => LaggedError.is(e) && e.skipped === 3);
 * assert.equal(await rx.recv(), 4);
 * ```
 */
export class LaggedError extends AsyncError {
  override readonly name = 'LaggedError';
  static override readonly code = 'ERR_LAGGED';
  declare static readonly is: (e: unknown) => e is LaggedError;
  /** How many messages this receiver missed. */
  readonly skipped: number;
  constructor(skipped: number) {
    super(`receiver lagged behind by ${skipped} messages`);
    this.skipped = skipped;
  }
}
