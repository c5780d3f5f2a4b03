import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LengthDelimitedCodec } from '@async/codec';
import type { Clock } from '@async/core';
import { hostClock, type ScheduleOptions, setDefaultClock } from '@async/core/protocol';
import {
  chunks,
  FileWriter,
  framed,
  lines,
  readFile,
  serve,
  TcpListener,
  TcpStream,
  TlsListener,
  TlsStream,
  UnixListener,
  UnixStream,
  writeFile,
} from '@async/net';
import { afterAll, describe, expect, it } from 'vitest';
import { certificate, enc, within } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'async-net-handles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The default clock for these tests: the host's, counting the timers scheduled on it and not yet
 * fired or cancelled. (Node's own count of timers cannot tell ours from vitest's, which come and go.)
 */
class CountingClock implements Clock {
  readonly pending = new Set<{ timer: unknown }>();
  now(): number {
    return hostClock.now();
  }
  schedule(deadline: number, callback: () => void, options?: ScheduleOptions): unknown {
    const entry = { timer: undefined as unknown };
    entry.timer = hostClock.schedule(
      deadline,
      () => {
        this.pending.delete(entry);
        callback();
      },
      options,
    );
    this.pending.add(entry);
    return entry;
  }
  cancel(entry: unknown): void {
    this.pending.delete(entry as { timer: unknown });
    hostClock.cancel((entry as { timer: unknown }).timer);
  }
}

/** Node's active resources other than timers, and the open file descriptors, as one sorted list. */
function held(): string[] {
  const fds = readdirSync('/proc/self/fd').length;
  return [...process.getActiveResourcesInfo().filter((r) => r !== 'Timeout'), `fds:${fds}`].sort();
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/**
 * Runs `scenario`, then checks that what the process holds came back to what it held before: Node
 * closes handles on later turns of the event loop, so a bounded number of turns is allowed. Timers:
 * none of ours is left on the clock, and Node counts no more timers than before.
 */
async function releasesEverything(scenario: () => Promise<void>): Promise<void> {
  const clock = new CountingClock();
  using _installed = setDefaultClock(clock);
  const before = held();
  const timersBefore = timers();
  await scenario();
  let after = held();
  for (let i = 0; i < 200 && after.join() !== before.join(); i++) {
    await new Promise((r) => setImmediate(r));
    after = held();
  }
  expect(after).toEqual(before);
  expect(clock.pending.size).toBe(0);
  expect(timers()).toBeLessThanOrEqual(timersBefore);
}

describe('released after close and abort', () => {
  it('serve: connections, idle timers and the grace timer, after a shutdown that aborts the stragglers', () =>
    releasesEverything(async () => {
      const listener = await TcpListener.bind('127.0.0.1:0');
      const stop = new AbortController();
      const server = serve(
        listener,
        async (stream, signal) => {
          const io = framed(stream, new LengthDelimitedCodec());
          for await (const frame of io) await io.send(frame);
          await new Promise((_, reject) => signal.addEventListener('abort', reject)); // a straggler
        },
        { signal: stop.signal, idleTimeout: 60_000, gracePeriod: 10, maxConnections: 50 },
      );
      const clients = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const stream = await TcpStream.connect(listener.localAddr, { timeout: 60_000 });
          const io = framed(stream, new LengthDelimitedCodec());
          await io.send(enc('x'));
          await within(io.next());
          await io.close();
          return stream;
        }),
      );
      stop.abort();
      expect(await within(server)).toEqual({ accepted: 20, completed: 0, aborted: 20, failed: 0 });
      await Promise.all(clients.map((c) => c.close()));
    }));

  it('streams and listeners: aborted connect, accept, read and write; a closed listener with queued connections', () =>
    releasesEverything(async () => {
      const listener = await TcpListener.bind('127.0.0.1:0');
      const ac = new AbortController();
      const connecting = TcpStream.connect(listener.localAddr, { signal: ac.signal, timeout: 60_000 });
      const accepting = listener.accept({ signal: ac.signal });
      ac.abort(new Error('stop'));
      await expect(connecting).rejects.toThrow('stop');
      await expect(accepting).rejects.toThrow('stop');
      const [client, server] = await Promise.all([TcpStream.connect(listener.localAddr), listener.accept()]);
      const reading = server.read(new Uint8Array(8), { signal: AbortSignal.abort() });
      await expect(reading).rejects.toBeDefined();
      // A write that waits for a peer that does not read, aborted.
      const writer = new AbortController();
      const writing = client.writeAll(new Uint8Array(64 * 1024 * 1024), { signal: writer.signal });
      await new Promise((r) => setImmediate(r));
      writer.abort(new Error('enough'));
      await expect(writing).rejects.toThrow('enough');
      // Connections the listener queued but nobody accepted are closed with it.
      const queued = await Promise.all([0, 1, 2].map(() => TcpStream.connect(listener.localAddr)));
      await Promise.all([client.close(), server.close(), listener.close()]);
      await Promise.all(queued.map((q) => q.close()));
    }));

  it('TLS and Unix sockets', () =>
    releasesEverything(async () => {
      const { key, cert } = certificate(dir, 'localhost', 'DNS:localhost');
      const tls = await TlsListener.bind('127.0.0.1:0', { key, cert });
      const accepted = tls.accept();
      const client = await TlsStream.connect(tls.localAddr, { ca: cert, servername: 'localhost' });
      const server = await accepted;
      await client.writeAll(enc('hi'));
      await server.readExact(2);
      await expect(TlsStream.connect(tls.localAddr)).rejects.toBeDefined(); // untrusted: fails
      await Promise.all([client.close(), server.close(), tls.close()]);

      const path = join(dir, 'u.sock');
      const unix = await UnixListener.bind(path);
      const [a, b] = await Promise.all([UnixStream.connect(path), unix.accept()]);
      await a.writeAll(enc('x'));
      await b.readExact(1);
      await Promise.all([a.close(), b.close(), unix.close()]);
    }));

  it('files: a FileWriter closed or aborted, reads and line iteration stopped early', () =>
    releasesEverything(async () => {
      const path = join(dir, 'data');
      await writeFile(path, 'a\nb\nc\n'.repeat(50_000), { atomic: true });
      for await (const _ of chunks(path, { chunkSize: 1024 })) break;
      for await (const _ of lines(path)) break;
      const stopped = new AbortController();
      const reading = (async () => {
        for await (const _ of chunks(path, { chunkSize: 1024, signal: stopped.signal })) stopped.abort();
      })();
      await expect(reading).rejects.toBeDefined();
      await readFile(path);
      const out = await FileWriter.open(join(dir, 'out'), { capacity: 16 });
      void out.write('0123456789abcdefghij');
      const closing = out.close({ signal: AbortSignal.abort() });
      await expect(closing).rejects.toBeDefined();
      await using kept = await FileWriter.open(join(dir, 'kept'));
      await kept.write('x');
    }));
});
