import { LengthDelimitedCodec } from '@async/codec';
import { framed } from '@async/net';
import { describe, expect, it } from 'vitest';
import { dec, enc, tcpPair } from './helpers';

/** Whether `p` settles within a few turns of the event loop (a bounded look, not a timing). */
async function settlesSoon(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 3 && !settled; i++) await new Promise((r) => setImmediate(r));
  return settled;
}

describe('framed', () => {
  it('carries length-delimited frames both ways, in tokio-util default format', async () => {
    const { listener, client, server } = await tcpPair();
    await framed(client, new LengthDelimitedCodec()).send(enc('abc'));
    expect([...(await server.readExact(7))]).toEqual([0, 0, 0, 3, 97, 98, 99]);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('decodes every frame of one chunk, in order, and the next ones as they come', async () => {
    const { listener, client, server } = await tcpPair();
    const io = framed(server, new LengthDelimitedCodec());
    const out = framed(client, new LengthDelimitedCodec());
    for (let i = 0; i < 50; i++) await out.feed(enc(`f${i}`));
    await out.flush(); // fifty frames in one write
    const first = await io.next(); // waits for the bytes, then decodes the rest without waiting
    const got = [dec(first.value as Uint8Array)];
    for (let i = 1; i < 50; i++) got.push(dec((await io.next()).value as Uint8Array));
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `f${i}`));
    const later = io.next();
    await out.send(enc('late'));
    expect(dec((await later).value as Uint8Array)).toBe('late');
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('send waits for a peer that does not read: the socket holds at most one 64 KiB piece', async () => {
    const { listener, client, server } = await tcpPair();
    const out = framed(client, new LengthDelimitedCodec());
    const socket = (client as unknown as { io: { socket: { writableLength: number } } }).io.socket;
    const frame = new Uint8Array(1024);
    let sent = 0;
    let most = 0;
    let waiting: Promise<void> | undefined;
    // 64 MiB in 1 KiB frames is far more than the kernel buffers: sends must start to wait.
    for (; sent < 65_536; sent++) {
      const p = out.send(frame);
      most = Math.max(most, socket.writableLength);
      if (!(await settlesSoon(p))) {
        waiting = p;
        break;
      }
    }
    expect(waiting).toBeDefined();
    expect(most).toBeLessThanOrEqual(64 * 1024);
    // Once the peer reads, every frame arrives and the waiting send completes.
    const io = framed(server, new LengthDelimitedCodec());
    for (let i = 0; i <= sent; i++) expect(((await io.next()).value as Uint8Array).length).toBe(1024);
    await waiting;
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('a reader that stops while it waits takes nothing more from the stream', async () => {
    const { listener, client, server } = await tcpPair();
    const io = framed(server, new LengthDelimitedCodec());
    const pending = io.next(); // waits for bytes
    await io.return();
    await client.writeAll(enc('raw bytes'));
    expect(dec(await server.readExact(9))).toBe('raw bytes');
    expect((await pending).done).toBe(true);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });
});
