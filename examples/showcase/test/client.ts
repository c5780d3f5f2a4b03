// A binary-mode client for the tests: frames in and out, every wait bounded (a test fails instead of
// hanging), and raw bytes when a test needs to send what no well-behaved client would.

import type { Framed } from '@async/codec';
import { JsonCodec } from '@async/codec';
import { framed, TcpStream } from '@async/net';
import { timeout } from '@async/time';
import type { ServerFrame } from '../protocol';
import { MAX_FRAME_BYTES } from '../protocol';

/** How long a test waits for one frame before it fails: generous, it only turns a hang into a failure. */
export const PATIENCE_MS = 20_000;

export class TestClient {
  private constructor(
    readonly stream: TcpStream,
    private readonly io: Framed<ServerFrame, unknown>,
  ) {}

  static async connect(addr: string): Promise<TestClient> {
    const stream = await TcpStream.connect(addr);
    const codec = new JsonCodec<unknown>({ maxFrameLength: MAX_FRAME_BYTES * 4 });
    return new TestClient(stream, framed<ServerFrame, unknown>(stream, codec as JsonCodec<never>));
  }

  /** Connects and says hello; resolves with the welcome. */
  static async hello(addr: string, name: string): Promise<TestClient> {
    const client = await TestClient.connect(addr);
    await client.send({ t: 'hello', name });
    const welcome = await client.next();
    if (welcome?.t !== 'welcome') throw new Error(`expected welcome, got ${JSON.stringify(welcome)}`);
    return client;
  }

  send(frame: unknown): Promise<void> {
    return this.io.send(frame);
  }

  /** Joins `room` and waits for `joined`. */
  async join(room: string): Promise<void> {
    await this.send({ t: 'join', room });
    const joined = await this.next();
    if (joined?.t !== 'joined' || joined.room !== room)
      throw new Error(`expected joined, got ${JSON.stringify(joined)}`);
  }

  say(room: string, seq: number, body = `m${seq}`): Promise<void> {
    return this.send({ t: 'say', room, seq, sentAt: 0, body });
  }

  /** The next frame, `undefined` at the end of the connection; fails after PATIENCE_MS. */
  async next(): Promise<ServerFrame | undefined> {
    const r = await timeout(PATIENCE_MS, this.io.next());
    return r.done === true ? undefined : r.value;
  }

  /** Frames until (and with) the first that `last` accepts; fails after `max` frames or at the end. */
  async until(last: (f: ServerFrame) => boolean, max = 100_000): Promise<ServerFrame[]> {
    const frames: ServerFrame[] = [];
    for (let i = 0; i < max; i++) {
      const frame = await this.next();
      if (frame === undefined) throw new Error(`connection ended after ${JSON.stringify(frames.slice(-3))}`);
      frames.push(frame);
      if (last(frame)) return frames;
    }
    throw new Error(`no expected frame within ${max} frames`);
  }

  /** Every frame until the server ends the connection; fails after `max` frames. */
  async rest(max = 100_000): Promise<ServerFrame[]> {
    const frames: ServerFrame[] = [];
    for (let i = 0; i < max; i++) {
      const frame = await this.next();
      if (frame === undefined) return frames;
      frames.push(frame);
    }
    throw new Error(`the connection did not end within ${max} frames`);
  }

  async close(): Promise<void> {
    await this.stream.close();
  }
}
