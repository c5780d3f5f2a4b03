// @async/net against hand-written node:net floors, over loopback in one process.
// 1. Echo throughput: a client writes 64 MiB in 64 KiB writes (waiting for drain) and reads the echo back.
// 2. Framed request/response: 64 connections, each sending 200 requests of 100 bytes in u32-BE
//    length-delimited frames (tokio-util's default format) and waiting for each answer.
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { LengthDelimitedCodec } from '@async/codec';
import { framed, serve, TcpListener, TcpStream } from '@async/net';
import { runSuite, type Workload } from './harness';

const TOTAL = 64 * 2 ** 20;
const WRITE = 64 * 1024;
const CONNS = 64;
const REQS = 200;
const FRAME = 100;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** Floor 1: the server pipes the socket into itself; the client writes with drain and counts. */
async function rawEcho(): Promise<void> {
  const server = createServer((s) => s.pipe(s));
  const port = await listen(server);
  const client = netConnect(port, '127.0.0.1');
  await new Promise((r) => client.once('connect', r));
  const chunk = Buffer.alloc(WRITE);
  const received = new Promise<void>((resolve) => {
    let got = 0;
    client.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= TOTAL) resolve();
    });
  });
  for (let sent = 0; sent < TOTAL; sent += WRITE) {
    if (!client.write(chunk)) await new Promise((r) => client.once('drain', r));
  }
  await received;
  client.destroy();
  await new Promise((r) => server.close(r));
}

/** Ours 1: TcpListener / TcpStream, the server echoing with `for await` + `writeAll`. */
async function oursEcho(): Promise<void> {
  const listener = await TcpListener.bind('127.0.0.1:0');
  const server = (async () => {
    const conn = await listener.accept();
    for await (const c of conn) await conn.writeAll(c);
    await conn.close();
  })();
  const client = await TcpStream.connect(listener.localAddr);
  const chunk = new Uint8Array(WRITE);
  const reading = (async () => {
    let got = 0;
    for await (const c of client) {
      got += c.length;
      if (got >= TOTAL) break;
    }
  })();
  for (let sent = 0; sent < TOTAL; sent += WRITE) await client.writeAll(chunk);
  await reading;
  await client.close();
  await server;
  await listener.close();
}

function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  payload.copy(out, 4);
  return out;
}

/** A hand-written u32-BE frame parser over 'data' events: calls `onFrame` per payload. */
function parseFrames(socket: Socket, onFrame: (payload: Buffer) => void): void {
  let buf: Buffer = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
    while (buf.length >= 4) {
      const n = buf.readUInt32BE(0);
      if (buf.length < 4 + n) break;
      onFrame(buf.subarray(4, 4 + n));
      buf = buf.subarray(4 + n);
    }
  });
}

/** Floor 2: the same protocol by hand on node:net. */
async function rawRequestResponse(): Promise<void> {
  const server = createServer((s) => parseFrames(s, (p) => s.write(frame(p))));
  const port = await listen(server);
  const payload = Buffer.alloc(FRAME, 7);
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const c = netConnect(port, '127.0.0.1');
      c.setNoDelay(true);
      await new Promise((r) => c.once('connect', r));
      let answered = 0;
      await new Promise<void>((resolve) => {
        parseFrames(c, () => {
          if (++answered === REQS) resolve();
          else c.write(frame(payload));
        });
        c.write(frame(payload));
      });
      c.destroy();
    }),
  );
  await new Promise((r) => server.close(r));
}

/** Ours 2: serve + framed(LengthDelimitedCodec) on both ends. */
async function oursRequestResponse(): Promise<void> {
  const listener = await TcpListener.bind('127.0.0.1:0');
  const stop = new AbortController();
  const served = serve(
    listener,
    async (stream) => {
      const io = framed(stream, new LengthDelimitedCodec());
      for await (const req of io) await io.send(req);
    },
    { signal: stop.signal },
  );
  const payload = new Uint8Array(FRAME).fill(7);
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const stream = await TcpStream.connect(listener.localAddr, { noDelay: true });
      const io = framed(stream, new LengthDelimitedCodec());
      for (let i = 0; i < REQS; i++) {
        await io.send(payload);
        await io.next();
      }
      await stream.close();
    }),
  );
  stop.abort();
  await served;
}

const workloads: Workload[] = [
  {
    name: 'Echo over loopback: 64 MiB in 64 KiB writes',
    ops: TOTAL,
    unit: 'B',
    floor: 'node:net (pipe)',
    rounds: 5,
    contenders: [
      { name: 'node:net (pipe)', run: rawEcho },
      { name: '@async/net', run: oursEcho, ours: true },
    ],
  },
  {
    name: `Framed request/response: ${CONNS} connections × ${REQS} requests of ${FRAME} B (u32-BE frames)`,
    ops: CONNS * REQS,
    unit: 'req',
    floor: 'node:net (by hand)',
    rounds: 5,
    contenders: [
      { name: 'node:net (by hand)', run: rawRequestResponse },
      { name: '@async/net (serve + framed)', run: oursRequestResponse, ours: true },
    ],
  },
];

await runSuite('net', '@async/net benchmarks', workloads);
