import { Framed, LinesCodec } from '@async/codec';
import { expect, test } from 'vitest';

test('Framed reads and writes one codec over a { readable, writable } pair', async () => {
  // The peer echoes upper-cased lines back.
  const toPeer = new TransformStream<Uint8Array, Uint8Array>();
  const fromPeer = new TransformStream<Uint8Array, Uint8Array>();
  const peer = new Framed({ readable: toPeer.readable, writable: fromPeer.writable }, new LinesCodec());
  const client = new Framed({ readable: fromPeer.readable, writable: toPeer.writable }, new LinesCodec());
  const echo = (async () => {
    for await (const line of peer) await peer.send(line.toUpperCase());
    await peer.close();
  })();
  // The pipes hold no bytes of their own, so the client reads while it writes, as over a socket.
  const replies: string[] = [];
  const reading = (async () => {
    for await (const line of client) replies.push(line);
  })();
  await client.send('hello');
  await client.send('world');
  await client.close();
  await echo;
  await reading;
  expect(replies).toEqual(['HELLO', 'WORLD']);
});
