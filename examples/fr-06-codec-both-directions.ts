// FR-06 one codec implementing both directions, used by a client and a server through `Framed`.
// tokio: `impl Decoder + impl Encoder<Msg> for MyCodec`, `Framed::new(socket, MyCodec)`.
import { type BytesMut, type Decoder, type Encoder, Framed } from '@async/codec';
import { isMain, type Out } from './is-main';

type Message = { op: 'ping' | 'pong'; seq: number };
const OPS = ['ping', 'pong'] as const;

/** [op: u8][seq: u16 BE], three bytes a message. */
class PingCodec implements Decoder<Message>, Encoder<Message> {
  decode(buf: BytesMut): Message | undefined {
    if (buf.length < 3) return undefined;
    const op = OPS[buf.at(0)!];
    if (op === undefined) throw new TypeError(`unknown op ${buf.at(0)}`);
    const seq = buf.getUint(1, 2);
    buf.advance(3);
    return { op, seq };
  }
  encode(message: Message, dst: BytesMut): void {
    dst.putUint8(OPS.indexOf(message.op));
    dst.putUint(message.seq, 2);
  }
}

/** Two pipes make an in-memory connection: what one side writes, the other reads. */
function connection() {
  const up = new TransformStream<Uint8Array, Uint8Array>();
  const down = new TransformStream<Uint8Array, Uint8Array>();
  return [
    { readable: down.readable, writable: up.writable },
    { readable: up.readable, writable: down.writable },
  ] as const;
}

export async function main(out: Out = console.log): Promise<void> {
  const [clientIo, serverIo] = connection();
  const server = (async () => {
    const framed = new Framed(serverIo, new PingCodec());
    for await (const msg of framed) {
      out(`server got ${msg.op} ${msg.seq}`);
      await framed.send({ op: 'pong', seq: msg.seq });
    }
    await framed.close();
  })();

  const client = new Framed(clientIo, new PingCodec());
  for (let seq = 1; seq <= 3; seq++) {
    const [, reply] = await Promise.all([client.send({ op: 'ping', seq }), client.next()]);
    out(`client got ${reply.value?.op} ${reply.value?.seq}`);
  }
  await client.close();
  await server;
  out(`server closed: ${(await client.next()).done}`);
}

if (isMain(import.meta)) await main();
