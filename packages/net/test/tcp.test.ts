import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CancellationToken, select } from '@async/core';
import {
  AddressInUseError,
  ConnectionRefusedError,
  ConnectionTimedOutError,
  MaxBytesExceededError,
  SocketClosedError,
  TcpListener,
  TcpStream,
  UnexpectedEofError,
} from '@async/net';
import { TestClock } from '@async/time';
import { describe, expect, it } from 'vitest';
import { dec, enc, settledHandles, tcpPair } from './helpers';

describe('TcpStream', () => {
  it('setNoDelay sets TCP_NODELAY on the socket, either way, and refuses a non-boolean', async () => {
    const { listener, client, server } = await tcpPair();
    const calls: unknown[] = [];
    const socket = (server as unknown as { socket: Socket }).socket; // internal: what Node was told
    const original = socket.setNoDelay.bind(socket);
    socket.setNoDelay = (enable?: boolean) => {
      calls.push(enable);
      return original(enable);
    };
    server.setNoDelay(true);
    server.setNoDelay(false);
    expect(calls).toEqual([true, false]);
    expect(() => server.setNoDelay('yes' as never)).toThrow(
      /enabled must be a boolean, got "yes" \(string\)/,
    );
    expect(calls).toHaveLength(2);
    await server.writeAll(enc('still works'));
    expect(dec(await client.readExact(11))).toBe('still works');
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('carries bytes both ways and reports both addresses', async () => {
    const { listener, client, server } = await tcpPair();
    expect(client.peerAddr.port).toBe(listener.localAddr.port);
    expect(server.peerAddr.port).toBe(client.localAddr.port);
    await client.writeAll(enc('hello'));
    expect(dec(await server.readExact(5))).toBe('hello');
    await server.writeAll(enc('back'));
    const buf = new Uint8Array(16);
    const n = await client.read(buf);
    expect(dec(buf.subarray(0, n))).toBe('back');
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('an accepted stream knows its local address, the bound one or, under a wildcard, the one connected to', async () => {
    const { listener, client, server } = await tcpPair();
    expect(server.localAddr).toEqual(listener.localAddr);
    expect(server.localAddr).toEqual(client.peerAddr);
    const wildcard = await TcpListener.bind('0.0.0.0:0');
    const [c, s] = await Promise.all([
      TcpStream.connect({ host: '127.0.0.1', port: wildcard.localAddr.port }),
      wildcard.accept(),
    ]);
    expect(wildcard.localAddr.host).toBe('0.0.0.0');
    expect(s.localAddr).toEqual({ host: '127.0.0.1', port: wildcard.localAddr.port, family: 'IPv4' });
    expect(s.localAddr).toEqual(c.peerAddr);
    await Promise.all([
      client.close(),
      server.close(),
      listener.close(),
      c.close(),
      s.close(),
      wildcard.close(),
    ]);
  });

  it('half close: the peer reads the end and can still answer', async () => {
    const { listener, client, server } = await tcpPair();
    await client.writeAll(enc('request'));
    await client.shutdown();
    expect(dec(await server.readToEnd({ maxBytes: 100 }))).toBe('request');
    expect(await server.read(new Uint8Array(4))).toBe(0);
    await server.writeAll(enc('response'));
    await server.shutdown();
    expect(dec(await client.readToEnd())).toBe('response');
    await expect(client.writeAll(enc('late'))).rejects.toSatisfy(SocketClosedError.is);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('readExact: waits for all n across chunks; at the end, UnexpectedEofError leaves the bytes unread', async () => {
    const { listener, client, server } = await tcpPair();
    const exact = server.readExact(6);
    await client.writeAll(enc('abc'));
    await client.flush();
    await client.writeAll(enc('def'));
    expect(dec(await exact)).toBe('abcdef');
    await client.writeAll(enc('xy'));
    await client.shutdown();
    await expect(server.readExact(3)).rejects.toSatisfy(
      (e: unknown) =>
        UnexpectedEofError.is(e) &&
        (e as UnexpectedEofError).available === 2 &&
        (e as UnexpectedEofError).expected === 3,
    );
    expect(dec(await server.readToEnd())).toBe('xy');
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('readToEnd rejects beyond maxBytes without consuming', async () => {
    const { listener, client, server } = await tcpPair();
    await client.writeAll(new Uint8Array(10));
    await client.shutdown();
    await expect(server.readToEnd({ maxBytes: 9 })).rejects.toSatisfy(MaxBytesExceededError.is);
    expect((await server.readToEnd({ maxBytes: 10 })).length).toBe(10);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('reads are cancel safe: an aborted readExact consumed nothing, and the signal keeps no listener', async () => {
    const { listener, client, server } = await tcpPair();
    const ac = new AbortController();
    const pending = server.readExact(4, { signal: ac.signal });
    await client.writeAll(enc('ab'));
    await client.flush();
    ac.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await client.writeAll(enc('cd'));
    expect(dec(await server.readExact(4))).toBe('abcd');
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('bad input throws at the call site naming the parameter', async () => {
    const { listener, client, server } = await tcpPair();
    expect(() => client.readExact(-1)).toThrow(/n must be an integer >= 0, got -1 \(number\)/);
    expect(() => client.write('x' as never)).toThrow(/chunk must be a Uint8Array, got "x" \(string\)/);
    expect(() => TcpStream.connect('nope')).toThrow(/addr must be "host:port"/);
    expect(() => TcpStream.connect(1, { tmeout: 5 } as never)).toThrow(/unknown option 'tmeout'/);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('writeAll waits for a peer that does not read, the socket holding at most one 64 KiB piece', async () => {
    const { listener, client, server } = await tcpPair();
    const total = 32 * 1024 * 1024; // far more than the kernel buffers on loopback
    let done = false;
    const writing = client.writeAll(new Uint8Array(total)).then(() => {
      done = true;
    });
    const socket = (client as unknown as { io: { socket: { writableLength: number } } }).io.socket;
    let most = 0;
    // 200 turns of the event loop: the kernel's buffers fill, then the writer must wait.
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setImmediate(r));
      most = Math.max(most, socket.writableLength);
    }
    expect(done).toBe(false);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(64 * 1024);
    // Once the peer reads, everything arrives.
    expect((await server.readExact(total)).length).toBe(total);
    await writing;
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('writeAll does not copy, yet an array reused once the call resolved never changes what was sent', async () => {
    const { listener, client, server } = await tcpPair();
    // More than the kernel buffers on loopback hold, so that pieces wait in the socket, referenced.
    const size = 8 * 1024 * 1024;
    const chunk = new Uint8Array(size);
    const received: Uint8Array[] = [];
    const reading = (async () => {
      let got = 0;
      while (got < 2 * size) {
        const c = (await server.next()).value as Uint8Array;
        received.push(c.slice());
        got += c.length;
      }
    })();
    for (const fill of [1, 2]) {
      chunk.fill(fill);
      await client.writeAll(chunk);
      chunk.fill(9); // what a caller reusing its buffer does; the peer must never see a 9
    }
    await reading;
    const all = Buffer.concat(received);
    expect(all.length).toBe(2 * size);
    expect(all.subarray(0, size).every((b) => b === 1)).toBe(true);
    expect(all.subarray(size).every((b) => b === 2)).toBe(true);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('split halves work from two tasks at once and unsplit gives the stream back', async () => {
    const { listener, client, server } = await tcpPair();
    const [rd, wr] = server.split();
    // Echo task on the server: reads from one half, writes to the other.
    const echo = (async () => {
      for await (const chunk of rd) await wr.writeAll(chunk);
      await wr.shutdown();
    })();
    const sent: string[] = [];
    const writer = (async () => {
      for (let i = 0; i < 100; i++) {
        sent.push(`m${i};`);
        await client.writeAll(enc(`m${i};`));
      }
      await client.shutdown();
    })();
    const received = await client.readToEnd({ maxBytes: 10_000 });
    await Promise.all([echo, writer]);
    expect(dec(received)).toBe(sent.join(''));
    expect(rd.unsplit(wr)).toBe(server);
    expect(() => rd.unsplit({} as never)).toThrow(TypeError);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('connect to a closed port rejects with ConnectionRefusedError naming the address', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const { port } = listener.localAddr;
    await listener.close();
    const e = await TcpStream.connect({ host: '127.0.0.1', port }).catch((x: unknown) => x);
    expect(ConnectionRefusedError.is(e)).toBe(true);
    expect((e as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('an aborted connect rejects with the reason and leaves no socket', async () => {
    const before = await settledHandles('TCP');
    const listener = await TcpListener.bind('127.0.0.1:0');
    const ac = new AbortController();
    const p = TcpStream.connect(listener.localAddr, { signal: ac.signal });
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    await listener.close(); // also closes the server side, if the kernel completed the handshake
    expect(await settledHandles('TCP')).toBe(before);
  });

  it('the peer closing rejects a pending read with a NetError or returns the end', async () => {
    const { listener, client, server } = await tcpPair();
    const pending = server.read(new Uint8Array(8));
    await client.close();
    expect(await pending).toBe(0);
    await Promise.all([server.close(), listener.close()]);
  });
});

describe('TcpListener', () => {
  it('bind on a used address rejects with AddressInUseError naming it', async () => {
    await using first = await TcpListener.bind('127.0.0.1:0');
    const e = await TcpListener.bind(first.localAddr).catch((x: unknown) => x);
    expect(AddressInUseError.is(e)).toBe(true);
    expect((e as Error).message).toContain(`127.0.0.1:${first.localAddr.port}`);
  });

  it('accept is a select branch that consumes nothing when it loses', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new CancellationToken();
    stop.cancel();
    const r = await select({ stop, conn: listener }, { biased: true });
    expect(r?.key).toBe('stop');
    const client = await TcpStream.connect(listener.localAddr);
    const r2 = await select({ conn: listener, never: new CancellationToken() });
    expect(r2?.key).toBe('conn');
    if (r2?.key === 'conn') await r2.value.close();
    await client.close();
    await listener.close();
  });

  it('an aborted accept takes nothing: the next accept gets the connection', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const ac = new AbortController();
    const pending = listener.accept({ signal: ac.signal });
    ac.abort(new Error('no'));
    await expect(pending).rejects.toThrow('no');
    const client = await TcpStream.connect(listener.localAddr);
    const server = await listener.accept();
    expect(server.peerAddr.port).toBe(client.localAddr.port);
    await Promise.all([client.close(), server.close(), listener.close()]);
  });

  it('async iteration accepts until closed; close rejects waiting accepts', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const clients = await Promise.all([0, 1, 2].map(() => TcpStream.connect(listener.localAddr)));
    const accepted: TcpStream[] = [];
    for await (const s of listener) {
      accepted.push(s);
      if (accepted.length === 3) break; // closes the listener
    }
    await expect(listener.accept()).rejects.toSatisfy(SocketClosedError.is);
    await Promise.all([...clients, ...accepted].map((s) => s.close()));
  });

  it('releases every handle after close and abort', async () => {
    const before = await settledHandles('TCP');
    for (let i = 0; i < 5; i++) {
      const { listener, client, server } = await tcpPair();
      const ac = new AbortController();
      const r = server.read(new Uint8Array(1), { signal: ac.signal });
      ac.abort();
      await r.catch(() => {});
      await Promise.all([client.close(), server.close(), listener.close()]);
    }
    expect(await settledHandles('TCP')).toBe(before);
  });
});

describe('connect timeout', () => {
  it('rejects with ConnectionTimedOutError on the test clock and leaves no socket', async () => {
    // A peer whose accept queue is full: the handshake never completes.
    const peer = spawn('python3', [fileURLToPath(new URL('./fixtures/full_backlog.py', import.meta.url))], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve) =>
      peer.stdout.once('data', (d: Buffer) => resolve(Number(d.toString()))),
    );
    const exited = new Promise((r) => peer.on('close', r));
    const filler = await TcpStream.connect({ host: '127.0.0.1', port }); // fills the queue of one
    const before = await settledHandles('TCP');
    {
      using clock = TestClock.install();
      const p = TcpStream.connect({ host: '127.0.0.1', port }, { timeout: 1000 }).then(
        () => 'connected',
        (e: unknown) => e,
      );
      await clock.advance(1000);
      const e = await p;
      expect(ConnectionTimedOutError.is(e)).toBe(true);
      expect((e as Error).message).toBe(`connection timed out after 1000 ms: 127.0.0.1:${port}`);
    }
    expect(await settledHandles('TCP')).toBe(before);
    await filler.close();
    peer.stdin.end();
    await exited;
  });

  it('a connection made in time disposes its timer', async () => {
    using clock = TestClock.install();
    await using listener = await TcpListener.bind('127.0.0.1:0');
    await using client = await TcpStream.connect(listener.localAddr, { timeout: 1000 });
    await using server = await listener.accept();
    expect(clock.pending).toBe(0);
    expect(server.peerAddr.port).toBe(client.localAddr.port);
  });
});
