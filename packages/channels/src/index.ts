/**
 * @packageDocumentation
 * Message passing with tokio's semantics: cancel-safe, selectable, and fast.
 *
 * Pick the channel by the shape of the conversation:
 *
 * - **{@link mpsc}** — many producers, one consumer, in order. `mpsc.channel(n)` holds up to `n`
 *   messages and makes `send` wait when full (backpressure); `mpsc.unbounded()` never waits. The
 *   usual way to feed a worker or an actor.
 * - **{@link oneshot}** — one value, once: the reply of a request sent over an mpsc channel.
 * - **{@link broadcast}** — every receiver gets every value sent after it subscribed; one shared ring
 *   of fixed size, so a slow receiver lags (and is told by how much) instead of holding memory.
 * - **{@link watch}** — only the latest value matters (configuration, state, a shutdown flag):
 *   receivers read it at any time and wait for the next change.
 *
 * Every waiting call takes `{ signal }`, and every receiver is a cancel-safe branch of core's
 * `select`: a losing branch consumes nothing.
 *
 * @example
 * ```ts
 * import { mpsc } from '@async/channels';
 * import assert from 'node:assert/strict';
 *
 * const [tx, rx] = mpsc.channel<string>(32);
 * const worker = (async () => {
 *   const seen: string[] = [];
 *   for await (const job of rx) seen.push(job);
 *   return seen;
 * })();
 * await tx.send('a');
 * await tx.send('b');
 * tx.close();
 * assert.deepEqual(await worker, ['a', 'b']);
 * ```
 */

export type { WaitOptions } from '@async/core';
export { BroadcastReceiver, BroadcastSender, broadcast } from './broadcast';
export { ChannelClosedError, LaggedError } from './errors';
export * as mpsc from './mpsc';
export { OneshotReceiver, OneshotSender, oneshot } from './oneshot';
export type { TryRecvResult } from './shared';
export { WatchReceiver, WatchSender, watch } from './watch';
