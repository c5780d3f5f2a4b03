// FR-05 custom encoder for the same protocol: [type: u8][length: u32 BE][payload].
// tokio: `impl Encoder<Msg> for MyEncoder { fn encode(&mut self, item: Msg, dst: &mut BytesMut) }`.
import { type BytesMut, type Encoder, FramedWrite } from '@async/codec';
import { isMain, type Out } from './is-main';

type Message = { kind: 'text'; text: string } | { kind: 'ping' };

class MessageEncoder implements Encoder<Message> {
  encode(message: Message, dst: BytesMut): void {
    if (message.kind === 'ping') {
      dst.putUint8(2);
      dst.putUint(0, 4);
      return;
    }
    const payload = new TextEncoder().encode(message.text);
    if (payload.length > 1024) throw new RangeError('text too long'); // nothing is written
    dst.putUint8(1);
    dst.putUint(payload.length, 4);
    dst.put(payload);
  }
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export async function main(out: Out = console.log): Promise<void> {
  const writes: Uint8Array[] = [];
  const writer = new FramedWrite({ write: async (chunk) => void writes.push(chunk) }, new MessageEncoder());
  await writer.feed({ kind: 'text', text: 'hi' });
  await writer.feed({ kind: 'ping' });
  out(`buffered ${writer.writeBuffer.length} bytes, written ${writes.length} chunks`);
  await writer.flush();
  try {
    await writer.send({ kind: 'text', text: 'x'.repeat(2000) });
  } catch (e) {
    out(`rejected: ${(e as Error).message}`);
  }
  await writer.send({ kind: 'text', text: 'é' });
  for (const chunk of writes) out(`write: ${hex(chunk)}`);
}

if (isMain(import.meta)) await main();
