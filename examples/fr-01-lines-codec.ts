// FR-01 LinesCodec: read a newline-delimited text protocol from a byte stream and write lines back.
// tokio: `FramedRead::new(socket, LinesCodec::new_with_max_length(n))` + `while let Some(line) = lines.next().await`.
import { FramedRead, FramedWrite, LinesCodec, MaxLengthExceededError } from '@async/codec';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // A peer's bytes, arriving in chunks that split lines and even the two bytes of "é".
  const wire = new TextEncoder().encode(`HELLO café\r\nPING\n${'x'.repeat(100)}\nQUIT`);
  const cut = wire.indexOf(0xa9); // the second byte of "é"
  const chunks = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(wire.subarray(0, cut));
      c.enqueue(wire.subarray(cut, 30));
      c.enqueue(wire.subarray(30));
      c.close();
    },
  });

  const replies: Uint8Array[] = [];
  const writer = new FramedWrite({ write: (chunk) => void replies.push(chunk) }, new LinesCodec());
  const reader = new FramedRead(chunks, new LinesCodec({ maxLength: 64 }));
  for (;;) {
    try {
      for await (const line of reader) {
        out(`< ${line}`);
        await writer.feed(line === 'PING' ? 'PONG' : `OK ${line.length}`);
      }
      break;
    } catch (e) {
      if (!MaxLengthExceededError.is(e)) throw e;
      out(`! ${e.message}`); // the codec skips that line; keep reading
      await writer.feed('ERR line too long');
    }
  }
  await writer.flush();
  for (const line of new TextDecoder().decode(replies[0]).split('\n').slice(0, -1)) out(`> ${line}`);
}

if (isMain(import.meta)) await main();
