// @async/net against hand-written node:net floors, over loopback in one process.
// 1. Echo throughput: a client writes 64 MiB in 64 KiB writes (waiting for drain) and reads the echo back.
// 2. Framed request/response: 64 connections, each sending 200 requests of 100 bytes in u32-BE
//    length-delimited frames (tokio-util's default format) and waiting for each answer; the peer is
//    it-length-prefixed over Node streams; reference rows show what awaiting each frame costs, and
//    what codec's Framed costs over the barest socket adapter.
// 3. Accept rate: 2,048 connections, 32 at a time, each answered with one byte and closed; a reference
//    row shows what a tracked task per connection costs by hand.
import { once } from 'node:events';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { Framed, LengthDelimitedCodec } from '@async/codec';
import { framed, serve, TcpListener, TcpStream } from '@async/net';
import { decode as lpDecode, encode as lpEncode } from 'it-length-prefixed';
import type { Uint8ArrayList } from 'uint8arraylist';
import { runSuite, type Workload } from './harness';

const TOTAL = 64 * 2 ** 20;
const WRITE = 64 * 1024;
const CONNS = 64;
const REQS = 200;
const FRAME = 100;
const ACCEPTS = 2048;
const CONNECTORS = 32;

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

/**
 * Reference: the floor's protocol with the one thing our API shape adds, a promise awaited per frame
 * on each side (an async loop per connection over a hand-written queue of parsed frames).
 */
class AwaitedFrames {
  private readonly frames: Buffer[] = [];
  private waiting: ((frame: Buffer | undefined) => void) | undefined = undefined;
  private ended = false;
  constructor(socket: Socket) {
    let buf: Buffer = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      while (buf.length >= 4) {
        const n = buf.readUInt32BE(0);
        if (buf.length < 4 + n) break;
        const payload = buf.subarray(4, 4 + n);
        buf = buf.subarray(4 + n);
        const wake = this.waiting;
        this.waiting = undefined;
        if (wake !== undefined) wake(payload);
        else this.frames.push(payload);
      }
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.(undefined);
    });
  }
  next(): Promise<Buffer | undefined> {
    if (this.frames.length > 0) return Promise.resolve(this.frames.shift());
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

async function awaitedRequestResponse(): Promise<void> {
  const server = createServer((s) => {
    const requests = new AwaitedFrames(s);
    void (async () => {
      for (let req = await requests.next(); req !== undefined; req = await requests.next()) {
        s.write(frame(req));
      }
    })();
  });
  const port = await listen(server);
  const payload = Buffer.alloc(FRAME, 7);
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const c = netConnect(port, '127.0.0.1');
      c.setNoDelay(true);
      await new Promise((r) => c.once('connect', r));
      const answers = new AwaitedFrames(c);
      for (let i = 0; i < REQS; i++) {
        c.write(frame(payload));
        await answers.next();
      }
      c.destroy();
    }),
  );
  await new Promise((r) => server.close(r));
}

/**
 * Reference: @async/codec's `Framed` (what `framed` returns) over the barest adapter of a socket: a
 * promise per chunk that had to be waited for, `socket.write` as the sink; no bound on what is
 * buffered, no abort, no cancel safety. What is left of ours beyond it is the byte engine's cost.
 */
class BareChunks implements AsyncIterableIterator<Uint8Array> {
  private readonly chunks: Buffer[] = [];
  private waiting: ((r: IteratorResult<Uint8Array>) => void) | undefined = undefined;
  private ended = false;
  constructor(socket: Socket) {
    socket.on('data', (d: Buffer) => {
      const wake = this.waiting;
      this.waiting = undefined;
      if (wake !== undefined) wake({ value: d, done: false });
      else this.chunks.push(d);
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.({ value: undefined, done: true });
    });
  }
  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.chunks.length > 0) return Promise.resolve({ value: this.chunks.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
}

async function codecRequestResponse(): Promise<void> {
  const server = createServer(async (s) => {
    const io = new Framed(
      { readable: new BareChunks(s), writable: { write: (c: Uint8Array) => void s.write(c) } },
      new LengthDelimitedCodec(),
    );
    for await (const req of io) await io.send(req);
  });
  const port = await listen(server);
  const payload = new Uint8Array(FRAME).fill(7);
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const c = netConnect(port, '127.0.0.1');
      c.setNoDelay(true);
      await new Promise((r) => c.once('connect', r));
      const io = new Framed(
        { readable: new BareChunks(c), writable: { write: (chunk: Uint8Array) => void c.write(chunk) } },
        new LengthDelimitedCodec(),
      );
      for (let i = 0; i < REQS; i++) {
        await io.send(payload);
        await io.next();
      }
      c.destroy();
    }),
  );
  await new Promise((r) => server.close(r));
}

/** it-length-prefixed's length functions for tokio-util's default u32-BE header. */
const u32beLength = Object.assign(
  (length: number): Uint8Array<ArrayBuffer> => {
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, length);
    return header;
  },
  { bytes: 4 },
);
const u32beDecoder = Object.assign(
  (buf: Uint8ArrayList): number => {
    if (buf.byteLength < 4) throw new RangeError('short');
    return buf.getUint32(0);
  },
  { bytes: 4 },
);

/** Peer: the same protocol with it-length-prefixed over the sockets' async iteration. */
async function lpRequestResponse(): Promise<void> {
  const server = createServer(async (s) => {
    for await (const req of lpDecode(s, { lengthDecoder: u32beDecoder })) {
      if (!s.write(lpEncode.single(req, { lengthEncoder: u32beLength }).subarray())) await once(s, 'drain');
    }
  });
  const port = await listen(server);
  const payload = new Uint8Array(FRAME).fill(7);
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const c = netConnect(port, '127.0.0.1');
      c.setNoDelay(true);
      await new Promise((r) => c.once('connect', r));
      const answers = lpDecode(c, { lengthDecoder: u32beDecoder })[Symbol.asyncIterator]();
      for (let i = 0; i < REQS; i++) {
        if (!c.write(lpEncode.single(payload, { lengthEncoder: u32beLength }).subarray()))
          await once(c, 'drain');
        await answers.next();
      }
      c.destroy();
    }),
  );
  await new Promise((r) => server.close(r));
}

const GREETING = new Uint8Array([42]);

/**
 * The accept workloads' clients: `CONNECTORS` of them connect one after another until `ACCEPTS`
 * connections were made, each reading its greeting to the server's close; returns the bytes greeted.
 */
async function greetAll(port: number): Promise<number> {
  let greeted = 0;
  await Promise.all(
    Array.from({ length: CONNECTORS }, async () => {
      for (let i = 0; i < ACCEPTS / CONNECTORS; i++) {
        const c = netConnect(port, '127.0.0.1');
        c.on('data', (d: Buffer) => {
          greeted += d.length;
        });
        await once(c, 'close');
      }
    }),
  );
  return greeted;
}

/** Floor 3: a bare server writes one byte and closes; 32 clients connect one after another. */
async function rawAccept(): Promise<void> {
  const server = createServer((s) => {
    s.write(GREETING);
    s.destroy();
  });
  const port = await listen(server);
  const greeted = await greetAll(port);
  if (greeted !== ACCEPTS) throw new Error(`node:net greeted ${greeted} of ${ACCEPTS}`);
  await new Promise((r) => server.close(r));
}

/**
 * Reference: the least that serve's guarantees cost, by hand: an async task per connection, kept in a
 * set until it ends (for a graceful shutdown), its socket closed and the close awaited, outcomes counted.
 */
async function taskPerConnectionAccept(): Promise<void> {
  const running = new Set<Promise<void>>();
  let completed = 0;
  const server = createServer((s) => {
    const task = (async () => {
      s.write(GREETING);
      completed++;
      s.destroy();
      await once(s, 'close');
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  });
  const port = await listen(server);
  const greeted = await greetAll(port);
  await new Promise((r) => server.close(r));
  await Promise.all(running);
  if (greeted !== ACCEPTS || completed !== ACCEPTS) {
    throw new Error(`the reference greeted ${greeted} and completed ${completed} of ${ACCEPTS}`);
  }
}

/** Ours 3: serve, whose handler writes the byte; serve closes the stream when the handler returns. */
async function oursAccept(): Promise<void> {
  const listener = await TcpListener.bind('127.0.0.1:0');
  const stop = new AbortController();
  const served = serve(listener, (stream) => stream.writeAll(GREETING), { signal: stop.signal });
  const { port } = listener.localAddr;
  const greeted = await greetAll(port);
  stop.abort();
  const stats = await served;
  if (greeted !== ACCEPTS || stats.completed !== ACCEPTS) {
    throw new Error(`serve greeted ${greeted} and completed ${stats.completed} of ${ACCEPTS}`);
  }
}

const workloads: Workload[] = [
  {
    name: 'Echo over loopback: 64 MiB in 64 KiB writes',
    ops: TOTAL,
    unit: 'B',
    floor: 'node:net (pipe)',
    rounds: 7,
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
    rounds: 7,
    contenders: [
      { name: 'node:net (by hand)', run: rawRequestResponse },
      { name: '@async/net (serve + framed)', run: oursRequestResponse, ours: true },
      { name: 'it-length-prefixed', run: lpRequestResponse },
      { name: 'reference: node:net + a promise awaited per frame', run: awaitedRequestResponse },
      { name: 'reference: codec Framed over bare node:net', run: codecRequestResponse },
    ],
  },
  {
    name: `Accept rate: ${ACCEPTS} connections, ${CONNECTORS} at a time, each answered with 1 byte and closed`,
    ops: ACCEPTS,
    unit: 'conn',
    floor: 'net.createServer',
    // Each run takes about a second: more rounds, since ours needs a few to be fully compiled.
    rounds: 9,
    contenders: [
      { name: 'net.createServer', run: rawAccept },
      { name: '@async/net (serve)', run: oursAccept, ours: true },
      { name: 'reference: a tracked task per connection', run: taskPerConnectionAccept },
    ],
  },
];

await runSuite('net', '@async/net benchmarks', workloads);
