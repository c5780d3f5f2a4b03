// The binary mode: length-delimited JSON frames (`JsonCodec`) over the socket, checked against
// `ClientFrame` by the codec's `validate` hook.
import { FrameTooBigError, InvalidJsonError, JsonCodec } from '@async/codec';
import { framed, type TcpStream } from '@async/net';
import { parseClientFrame } from './client-frame';
import { type ClientFrame, MAX_FRAME_BYTES, type ServerFrame } from './protocol';
import type { Inbound, Transport } from './transport';

export function binaryTransport(stream: TcpStream): Transport {
  const codec = new JsonCodec<ClientFrame | ServerFrame>({
    maxFrameLength: MAX_FRAME_BYTES,
    validate: parseClientFrame,
  });
  const frames = framed<ClientFrame, ServerFrame>(stream, codec as JsonCodec<never>);
  return {
    inbound: decode(frames),
    feed: (frame, signal) => frames.feed(frame, { signal }),
    flush: (signal) => frames.flush({ signal }),
    close: () => frames.close(),
  };
}

/**
 * The client's frames; one that does not parse or fit becomes `bad_frame` and reading goes on (the
 * codec consumed it), one over `MAX_FRAME_BYTES` ends the input (the rest of it cannot be trusted).
 */
async function* decode(frames: AsyncIterator<ClientFrame>): AsyncGenerator<Inbound, void> {
  for (;;) {
    let next: IteratorResult<ClientFrame>;
    try {
      next = await frames.next();
    } catch (e) {
      if (InvalidJsonError.is(e)) {
        const why = e.cause instanceof Error ? e.cause.message : 'not UTF-8 JSON';
        yield { t: 'unreadable', kind: 'bad_frame', message: why };
        continue;
      }
      if (FrameTooBigError.is(e)) {
        const message = `a frame of ${e.length} bytes is over ${MAX_FRAME_BYTES}`;
        yield { t: 'unreadable', kind: 'bad_frame', message, fatal: true };
      }
      return; // the connection failed, or ended inside a frame: the client is gone
    }
    if (next.done === true) return;
    yield next.value;
  }
}
