// FR-03 LengthDelimitedCodec: frame messages with a length prefix over an in-memory pipe.
// tokio: `Framed::new(stream, LengthDelimitedCodec::new())`, `sink.send(Bytes::from(..))`, `stream.next()`.
import { FramedRead, FramedWrite, LengthDelimitedCodec } from '@async/codec';
import { isMain, type Out } from './is-main';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export async function main(out: Out = console.log): Promise<void> {
  // What goes over the wire: tokio-util's default format, a u32 big-endian length then the payload.
  const sniffed: Uint8Array[] = [];
  const pipe = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      sniffed.push(chunk.slice());
      controller.enqueue(chunk);
    },
  });
  const writer = new FramedWrite(pipe.writable, new LengthDelimitedCodec());
  const reader = new FramedRead(pipe.readable, new LengthDelimitedCodec());

  const sending = (async () => {
    for (const text of ['hello', 'world', '']) await writer.send(new TextEncoder().encode(text));
    await writer.close();
  })();
  for await (const frame of reader)
    out(`frame of ${frame.length} bytes: ${JSON.stringify(new TextDecoder().decode(frame))}`);
  await sending;
  out(`wire: ${sniffed.map(hex).join(' | ')}`);

  // A different layout: a 2-byte little-endian length that counts itself.
  const custom = new LengthDelimitedCodec({ lengthFieldLength: 2, littleEndian: true, lengthAdjustment: -2 });
  const frames: string[] = [];
  for await (const f of new FramedRead([new Uint8Array([4, 0, 0x68, 0x69])], custom)) {
    frames.push(new TextDecoder().decode(f));
  }
  out(`custom layout decoded: ${frames.join(',')}`);
}

if (isMain(import.meta)) await main();
