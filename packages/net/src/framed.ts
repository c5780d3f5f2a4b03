import type { Decoder, Encoder } from '@async/codec';
import { Framed, type FramedReadOptions, type FramedWriteOptions } from '@async/codec';
import type { SocketStream } from './socket-stream';

/**
 * A connection read and written through a codec (tokio-util's `Framed::new(stream, codec)`): iterate
 * it for decoded frames, `send` items to it. Both directions keep the stream's bounds: reading pauses the
 * socket once 64 KiB are unread, and each flush waits for the socket to drain (`writeAll`), so a peer
 * that stops reading makes `send` wait. Closing the `Framed` shuts the writing side down (the peer
 * reads the end); close the stream itself to release it.
 *
 * **Cancel safety.** As `Framed` of `@async/codec`: a `next()` raced in `select` keeps its frame for its
 * own promise; an aborted `send` either encoded its item whole or not at all.
 *
 * @example
 * ```ts
 * import { LinesCodec } from '@async/codec';
 * import { framed, TcpListener, TcpStream } from '@async/net';
 * import assert from 'node:assert/strict';
 *
 * await using listener = await TcpListener.bind('127.0.0.1:0');
 * await using client = await TcpStream.connect(listener.localAddr);
 * await using server = await listener.accept();
 * const lines = framed(client, new LinesCodec());
 * await lines.send('hello');
 * const peer = framed(server, new LinesCodec());
 * assert.equal((await peer.next()).value, 'hello');
 * ```
 */
export function framed<In, Out = In>(
  stream: SocketStream,
  codec: Decoder<In> & Encoder<Out>,
  options?: FramedReadOptions & FramedWriteOptions,
): Framed<In, Out> {
  const writable = {
    write: (chunk: Uint8Array) => stream.writeAll(chunk),
    close: () => stream.shutdown(),
  };
  return new Framed({ readable: stream, writable }, codec, options);
}
