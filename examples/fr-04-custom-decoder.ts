// FR-04 custom decoder for a simple binary protocol: [type: u8][length: u32 BE][payload].
// tokio: `impl Decoder for MyDecoder { fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Msg>> }`.
import { type BytesMut, type Decoder, FramedRead } from '@async/codec';
import { isMain, type Out } from './is-main';

type Message =
  | { kind: 'text'; text: string }
  | { kind: 'ping' }
  | { kind: 'unknown'; type: number; size: number };

class MessageDecoder implements Decoder<Message> {
  decode(buf: BytesMut): Message | undefined {
    if (buf.length < 5) return undefined; // the header is not complete yet
    const size = buf.getUint(1, 4);
    if (size > 1024 * 1024) throw new RangeError(`message of ${size} bytes is too large`);
    if (buf.length < 5 + size) return undefined; // nor the payload: consume nothing, wait
    const type = buf.at(0)!;
    buf.advance(5);
    const payload = buf.splitTo(size);
    if (type === 1) return { kind: 'text', text: new TextDecoder().decode(payload) };
    if (type === 2) return { kind: 'ping' };
    return { kind: 'unknown', type, size };
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const wire = new Uint8Array([1, 0, 0, 0, 2, 0x68, 0x69, 2, 0, 0, 0, 0, 9, 0, 0, 0, 3, 1, 2, 3]);
  // Deliver it three bytes at a time: every header and payload straddles chunks.
  async function* threeByThree() {
    for (let i = 0; i < wire.length; i += 3) yield wire.subarray(i, i + 3);
  }
  for await (const message of new FramedRead(threeByThree(), new MessageDecoder()))
    out(JSON.stringify(message));
}

if (isMain(import.meta)) await main();
