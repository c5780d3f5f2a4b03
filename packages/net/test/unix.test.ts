import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinesCodec } from '@async/codec';
import { AddressInUseError, framed, SocketError, serve, UnixListener, UnixStream } from '@async/net';
import { afterAll, describe, expect, it } from 'vitest';
import { dec, enc, settledHandles } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'async-net-unix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const socketPath = () => join(dir, `s${n++}.sock`);

describe('Unix sockets', () => {
  it('carries bytes both ways with half close, and names the path', async () => {
    const before = await settledHandles('Pipe');
    const path = socketPath();
    const listener = await UnixListener.bind(path);
    const [client, server] = await Promise.all([UnixStream.connect(path), listener.accept()]);
    expect(client.path).toBe(path);
    await client.writeAll(enc('ping'));
    await client.shutdown();
    expect(dec(await server.readToEnd({ maxBytes: 16 }))).toBe('ping');
    await server.writeAll(enc('pong'));
    await server.shutdown();
    expect(dec(await client.readToEnd())).toBe('pong');
    await Promise.all([client.close(), server.close(), listener.close()]);
    expect(await settledHandles('Pipe')).toBe(before);
  });

  it('binding an existing path is AddressInUseError; connecting to no socket names the path', async () => {
    const path = socketPath();
    await using listener = await UnixListener.bind(path);
    const e = await UnixListener.bind(path).catch((x: unknown) => x);
    expect(AddressInUseError.is(e)).toBe(true);
    expect((e as Error).message).toContain(path);
    const missing = join(dir, 'missing.sock');
    const e2 = await UnixStream.connect(missing).catch((x: unknown) => x);
    expect(SocketError.is(e2) && e2.syscallCode === 'ENOENT' && e2.address === missing).toBe(true);
    expect(listener.path).toBe(path);
  });

  it('split halves and serve with framed lines work as over TCP', async () => {
    const path = socketPath();
    const listener = await UnixListener.bind(path);
    const stop = new AbortController();
    const served = serve(
      listener,
      async (stream) => {
        const [rd, wr] = stream.split();
        for await (const chunk of rd) await wr.writeAll(chunk);
        await wr.shutdown();
        expect(rd.unsplit(wr)).toBe(stream);
      },
      { signal: stop.signal },
    );
    await using client = await UnixStream.connect(path);
    const io = framed(client, new LinesCodec());
    await io.send('one');
    await io.send('two');
    await io.close();
    const got: string[] = [];
    for await (const line of io) got.push(line);
    expect(got).toEqual(['one', 'two']);
    stop.abort();
    expect(await served).toEqual({ accepted: 1, completed: 1, aborted: 0, failed: 0 });
  });

  it('bad input throws naming the parameter', () => {
    expect(() => UnixStream.connect('' as never)).toThrow(
      /path must be a non-empty string \(a socket path\), got ""/,
    );
    expect(() => UnixListener.bind(5 as never)).toThrow(/path must be a non-empty string/);
  });
});
