// FR-08 partial frames: a decoder returns "need more" until a whole frame is buffered, consuming nothing,
// and a frame cut short by the end of input is an error, not a silent loss.
// tokio: `if src.len() < 4 + len { src.reserve(..); return Ok(None); }` and the default `decode_eof`.
import { BytesMut, type Decoder, FramedRead, TruncatedFrameError } from '@async/codec';
import { isMain, type Out } from './is-main';

/** [length: u16 BE][payload], reporting each call so the partial states are visible. */
class TracingDecoder implements Decoder<string> {
  constructor(private readonly out: Out) {}
  decode(buf: BytesMut): string | undefined {
    if (buf.length < 2) {
      this.out(`  need more: ${buf.length} of 2 header bytes`);
      return undefined;
    }
    const size = buf.getUint(0, 2);
    if (buf.length < 2 + size) {
      this.out(`  need more: ${buf.length - 2} of ${size} payload bytes`);
      return undefined;
    }
    buf.advance(2);
    return new TextDecoder().decode(buf.splitTo(size));
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const frame = new Uint8Array([0, 5, ...new TextEncoder().encode('hello')]);
  out('feeding one frame in pieces:');
  const decoder = new TracingDecoder(out);
  const buf = new BytesMut();
  for (const piece of [frame.subarray(0, 1), frame.subarray(1, 4), frame.subarray(4)]) {
    buf.put(piece);
    out(`+${piece.length} bytes (buffered ${buf.length})`);
    const result = decoder.decode(buf);
    if (result !== undefined) out(`  frame: ${result}`);
  }

  out('input that ends mid-frame:');
  const truncated = [frame, frame.subarray(0, 4)];
  try {
    for await (const f of new FramedRead(truncated, new TracingDecoder(() => {}))) out(`  frame: ${f}`);
  } catch (e) {
    if (!TruncatedFrameError.is(e)) throw e;
    out(`  error: ${e.message}`);
  }
}

if (isMain(import.meta)) await main();
