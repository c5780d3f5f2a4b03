// Peers that misbehave, over loopback: a frame over the limit, garbage, a peer that stops reading, a
// silent peer, half closes. Each fault ends one connection with a typed error and leaves the server
// serving the others. Every wait is bounded (`until`, `within`).
import { readFileSync } from 'node:fs';
import {
  FrameTooBigError,
  InvalidUtf8Error,
  LengthDelimitedCodec,
  LinesCodec,
  MaxLengthExceededError,
  TruncatedFrameError,
} from '@async/codec';
import { framed, NetError, serve, TcpListener, TcpStream } from '@async/net';
import { heapAfterGc } from '@async/testing';
import { TestClock } from '@async/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, enc, until, within } from './helpers';

const MAX_FRAME = 256;

/** A server answering every length-delimited frame with `ok:<frame>`, recording each handler's failure. */
async function frameServer() {
  const listener = await TcpListener.bind('127.0.0.1:0');
  const stop = new AbortController();
  const errors: unknown[] = [];
  const server = serve(
    listener,
    async (stream) => {
      const io = framed(stream, new LengthDelimitedCodec({ maxFrameLength: MAX_FRAME }));
      try {
        for await (const frame of io) await io.send(enc(`ok:${dec(frame)}`));
        await io.close();
      } catch (e) {
        errors.push(e);
        throw e;
      }
    },
    { signal: stop.signal },
  );
  const stopServer = () => {
    stop.abort();
    return within(server);
  };
  return { listener, errors, stopServer };
}

/** One well-behaved request/response: the server still serves. */
async function roundTrip(listener: TcpListener, text: string): Promise<string> {
  await using stream = await TcpStream.connect(listener.localAddr);
  const io = framed(stream, new LengthDelimitedCodec());
  await io.send(enc(text));
  const answer = await within(io.next());
  await io.close();
  return dec(answer.value as Uint8Array);
}

/** Whether the peer closed the connection: the end of the stream, or a reset. */
async function closedByPeer(stream: TcpStream): Promise<boolean> {
  try {
    for (let i = 0; i < 1000; i++) {
      if ((await within(stream.read(new Uint8Array(4096)))) === 0) return true;
    }
    return false;
  } catch (e) {
    return NetError.is(e);
  }
}

/** The most a loopback connection can hold in the kernel: the largest send plus receive buffer (Linux). */
function kernelBuffers(): number {
  const max = (name: string) => {
    try {
      return Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim().split(/\s+/)[2]);
    } catch {
      return 8 * 1024 * 1024; // not Linux: a generous guess
    }
  };
  return max('tcp_wmem') + max('tcp_rmem');
}

function header(length: number): Uint8Array {
  const h = new Uint8Array(4);
  new DataView(h.buffer).setUint32(0, length);
  return h;
}

describe('a peer that sends a frame over the limit', () => {
  it('gets its connection closed; the handler sees FrameTooBigError; others are served', async () => {
    const { listener, errors, stopServer } = await frameServer();
    expect(await roundTrip(listener, 'before')).toBe('ok:before');
    await using bad = await TcpStream.connect(listener.localAddr);
    await bad.writeAll(header(1 << 20)); // claims 1 MiB against a limit of 256 bytes
    await bad.writeAll(new Uint8Array(1000));
    expect(await closedByPeer(bad)).toBe(true);
    expect(await roundTrip(listener, 'after')).toBe('ok:after');
    expect(await stopServer()).toEqual({ accepted: 3, completed: 2, aborted: 0, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(FrameTooBigError.is(errors[0]) && (errors[0] as FrameTooBigError).length).toBe(1 << 20);
  });
});

describe('a peer that sends garbage', () => {
  it('any bytes: the frames before the fault are answered, the fault fails that connection only (property)', async () => {
    const { listener, errors, stopServer } = await frameServer();
    const frame = fc
      .string({ maxLength: 40 })
      .map((s) => ({ bytes: [...header(enc(s).length), ...enc(s)], text: s }));
    const junk = fc
      .uint8Array({ minLength: 1, maxLength: 12 })
      .map((b) => ({ bytes: [...b], text: undefined }));
    let runs = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(frame, frame, junk), { maxLength: 8 }), async (parts) => {
        runs++;
        const input = new Uint8Array(parts.flatMap((p) => p.bytes));
        // What tokio-util's decoder makes of the input: complete frames until a bad header or the end.
        const expected: string[] = [];
        let at = 0;
        let fault = false;
        while (at < input.length) {
          if (input.length - at < 4) {
            fault = true; // truncated header at the end
            break;
          }
          const length = new DataView(input.buffer, at).getUint32(0);
          if (length > MAX_FRAME || input.length - at - 4 < length) {
            fault = true; // too big, or truncated at the end
            break;
          }
          expected.push(`ok:${dec(input.subarray(at + 4, at + 4 + length))}`);
          at += 4 + length;
        }
        if (fault) failures++;
        await using stream = await TcpStream.connect(listener.localAddr);
        const reading = readFrames(stream);
        await stream.writeAll(input);
        await stream.shutdown();
        const { answers, clean } = await reading;
        if (fault) expect(expected.slice(0, answers.length)).toEqual(answers);
        else {
          expect(answers).toEqual(expected);
          expect(clean).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
    expect(await roundTrip(listener, 'still here')).toBe('ok:still here');
    expect(await stopServer()).toEqual({
      accepted: runs + 1,
      completed: runs + 1 - failures,
      aborted: 0,
      failed: failures,
    });
    expect(errors.every((e) => FrameTooBigError.is(e) || TruncatedFrameError.is(e))).toBe(true);
  });

  it('bytes that are not UTF-8, or a line over the limit, give typed errors to a lines server', async () => {
    await using listener = await TcpListener.bind('127.0.0.1:0');
    const accepted = listener.accept();
    await using client = await TcpStream.connect(listener.localAddr);
    await using server = await accepted;
    const lines = framed(server, new LinesCodec({ maxLength: 16 }));
    await client.writeAll(new Uint8Array([0x6f, 0x6b, 0x0a, 0xc3, 0x28, 0x0a])); // "ok", then invalid UTF-8
    await client.writeAll(enc(`${'x'.repeat(100)}\nfine\n`));
    await client.shutdown();
    expect((await lines.next()).value).toBe('ok');
    await expect(lines.next()).rejects.toSatisfy(InvalidUtf8Error.is);
    await expect(lines.next()).rejects.toSatisfy(MaxLengthExceededError.is);
    expect((await lines.next()).value).toBe('fine'); // the codec discarded the bad lines and goes on
    expect((await lines.next()).done).toBe(true);
  });
});

/** Reads frames until the end or a failure: the answers, and whether the stream ended cleanly. */
async function readFrames(stream: TcpStream): Promise<{ answers: string[]; clean: boolean }> {
  const io = framed(stream, new LengthDelimitedCodec());
  const answers: string[] = [];
  try {
    for (let i = 0; i < 100; i++) {
      const r = await within(io.next());
      if (r.done) return { answers, clean: true };
      answers.push(dec(r.value));
    }
    return { answers, clean: false };
  } catch {
    return { answers, clean: false };
  }
}

describe('a peer that stops reading', () => {
  it('makes our sends wait: the socket buffer and the heap stay bounded while a producer would send 64 MiB', async () => {
    await using listener = await TcpListener.bind('127.0.0.1:0');
    const accepted = listener.accept();
    const client = await TcpStream.connect(listener.localAddr);
    await using _server = await accepted; // never reads
    const io = framed(client, new LengthDelimitedCodec());
    const socket = (client as unknown as { socket: { writableLength: number } }).socket;
    const frames = 64 * 1024; // 64 MiB of 1 KiB frames, if nothing made the producer wait
    let sent = 0;
    const heapBefore = heapAfterGc();
    const producer = (async () => {
      for (let i = 0; i < frames; i++) {
        await io.send(new Uint8Array(1024).fill(i & 0xff)); // a fresh frame each time
        sent++;
      }
    })().catch((e: unknown) => e);
    // Wait until the producer is stuck: no send completes for 50 turns of the event loop.
    let most = 0;
    let last = -1;
    let still = 0;
    for (let i = 0; i < 20_000 && still < 50; i++) {
      await new Promise((r) => setImmediate(r));
      most = Math.max(most, socket.writableLength);
      still = sent === last ? still + 1 : 0;
      last = sent;
    }
    expect(sent).toBeLessThan(frames);
    // What left the producer sits in the kernel's buffers (at most their maximum sizes, a few MiB
    // on loopback), plus the socket's buffer, which never holds more than its high-water mark plus
    // one 64 KiB piece.
    expect(sent * 1024).toBeLessThan(kernelBuffers() + 1024 * 1024);
    expect(most).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
    const grown = heapAfterGc() - heapBefore;
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    // Closing the connection ends the producer's wait with an error, not a hang.
    await client.close();
    expect(NetError.is(await within(producer))).toBe(true);
    expect(sent).toBeLessThan(frames);
  });

  it('on the server side, a handler blocked on a client that reads nothing is closed by idleTimeout', async () => {
    using clock = TestClock.install();
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let written = 0;
    let outcome: unknown;
    const server = serve(
      listener,
      async (stream) => {
        try {
          for (let i = 0; i < 10_000; i++) {
            await stream.writeAll(new Uint8Array(64 * 1024));
            written++;
          }
        } catch (e) {
          outcome = e;
          throw e;
        }
      },
      { signal: stop.signal, idleTimeout: 1000 },
    );
    await using _client = await TcpStream.connect(listener.localAddr); // never reads
    let last = -1;
    let still = 0;
    for (let i = 0; i < 20_000 && still < 50; i++) {
      await new Promise((r) => setImmediate(r));
      still = written === last && written > 0 ? still + 1 : 0;
      last = written;
    }
    expect(written).toBeLessThan(10_000);
    await clock.advance(1000); // traffic in this period (the writes that filled the buffers)
    await clock.advance(1000); // none in this one: closed
    stop.abort();
    expect(await within(server)).toEqual({ accepted: 1, completed: 0, aborted: 1, failed: 0 });
    expect(NetError.is(outcome)).toBe(true);
  });
});

describe('a peer that connects and sends nothing', () => {
  it('is closed by idleTimeout on the test clock, and the server keeps serving', async () => {
    using clock = TestClock.install();
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let started = 0;
    const server = serve(
      listener,
      async (stream) => {
        started++;
        const io = framed(stream, new LengthDelimitedCodec());
        for await (const frame of io) await io.send(enc(`ok:${dec(frame)}`));
        await io.close();
      },
      { signal: stop.signal, idleTimeout: 30_000 },
    );
    await using silent = await TcpStream.connect(listener.localAddr);
    await until(() => started === 1);
    await clock.advance(30_000);
    expect(await closedByPeer(silent)).toBe(true);
    expect(await roundTrip(listener, 'next')).toBe('ok:next');
    stop.abort();
    expect(await within(server)).toEqual({ accepted: 2, completed: 1, aborted: 1, failed: 0 });
  });
});

describe('a peer that half-closes', () => {
  it('after its request: it still gets the answer, then the end', async () => {
    const { listener, stopServer } = await frameServer();
    await using stream = await TcpStream.connect(listener.localAddr);
    const io = framed(stream, new LengthDelimitedCodec());
    await io.send(enc('one'));
    await io.send(enc('two'));
    await io.close(); // shuts our writing side down
    const got: string[] = [];
    for await (const frame of io) got.push(dec(frame));
    expect(got).toEqual(['ok:one', 'ok:two']);
    expect(await stopServer()).toEqual({ accepted: 1, completed: 1, aborted: 0, failed: 0 });
  });

  it('inside a frame: the handler sees TruncatedFrameError, and the frames before were answered', async () => {
    const { listener, errors, stopServer } = await frameServer();
    await using stream = await TcpStream.connect(listener.localAddr);
    const reading = readFrames(stream);
    await stream.writeAll(new Uint8Array([...header(2), ...enc('hi'), ...header(10), ...enc('part')]));
    await stream.shutdown();
    expect((await reading).answers).toEqual(['ok:hi']);
    expect(await stopServer()).toEqual({ accepted: 1, completed: 0, aborted: 0, failed: 1 });
    expect(TruncatedFrameError.is(errors[0])).toBe(true);
  });

  it('the server half-closes first: the client reads the end and can still send', async () => {
    await using listener = await TcpListener.bind('127.0.0.1:0');
    const accepted = listener.accept();
    await using client = await TcpStream.connect(listener.localAddr);
    await using server = await accepted;
    await server.writeAll(enc('bye'));
    await server.shutdown();
    expect(dec(await within(client.readToEnd({ maxBytes: 16 })))).toBe('bye');
    await client.writeAll(enc('but wait'));
    await client.shutdown();
    expect(dec(await within(server.readToEnd({ maxBytes: 16 })))).toBe('but wait');
  });
});
