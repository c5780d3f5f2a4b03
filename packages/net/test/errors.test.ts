// Each failure a caller must tell apart maps to its own brand-checked error class, whose message
// names the address: refused, reset, timed out, address in use, DNS, TLS.
import { createServer, type Server, type Socket } from 'node:net';
import { FrameTooBigError } from '@async/codec';
import { CancelledError } from '@async/core';
import {
  AddressInUseError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionTimedOutError,
  DnsError,
  FileClosedError,
  NetError,
  SocketClosedError,
  TcpListener,
  TcpStream,
  TlsError,
  TlsStream,
  UnexpectedEofError,
} from '@async/net';
import { TestClock, TimeoutError } from '@async/time';
import { describe, expect, it } from 'vitest';
import { enc, until, within } from './helpers';

/** A raw `node:net` server running `onConnection` for each connection; resolves once listening. */
async function rawServer(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function failure(p: Promise<unknown>): Promise<NetError> {
  const e = await within(
    p.then(
      () => 'no error',
      (x: unknown) => x,
    ),
  );
  if (!NetError.is(e)) throw new Error(`expected a NetError, got ${String(e)}`);
  return e as NetError;
}

describe('errors', () => {
  it('refused: ConnectionRefusedError with the address and ECONNREFUSED', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const { port } = listener.localAddr;
    await listener.close();
    const e = await failure(TcpStream.connect({ host: '127.0.0.1', port }));
    expect(ConnectionRefusedError.is(e) && e.syscallCode === 'ECONNREFUSED').toBe(true);
    expect(e.message).toBe(`connection refused: 127.0.0.1:${port}`);
    expect(e.address).toBe(`127.0.0.1:${port}`);
  });

  it('reset: a peer that resets fails a waiting read and a later write with ConnectionResetError', async () => {
    const { server, port } = await rawServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    try {
      await using client = await TcpStream.connect({ host: '127.0.0.1', port });
      const reading = client.read(new Uint8Array(8));
      await client.writeAll(enc('hello'));
      const e = await failure(reading);
      expect(ConnectionResetError.is(e) && e.syscallCode === 'ECONNRESET').toBe(true);
      expect(e.message).toBe(`connection reset by peer: 127.0.0.1:${port}`);
      await expect(client.writeAll(enc('more'))).rejects.toSatisfy(ConnectionResetError.is);
    } finally {
      server.close();
    }
  });

  it('timed out: a TLS peer that never answers the handshake times out on the clock', async () => {
    const silent: Socket[] = [];
    const { server, port } = await rawServer((socket) => silent.push(socket)); // accepts, says nothing
    try {
      using clock = TestClock.install();
      const connecting = failure(TlsStream.connect({ host: '127.0.0.1', port }, { timeout: 2000 }));
      await until(() => silent.length === 1);
      await clock.advance(2000);
      const e = await connecting;
      expect(ConnectionTimedOutError.is(e)).toBe(true);
      expect(e.message).toBe(`connection timed out after 2000 ms: 127.0.0.1:${port}`);
      expect(clock.pending).toBe(0);
    } finally {
      for (const s of silent) s.destroy();
      server.close();
    }
  });

  it('address in use: AddressInUseError names the address, for a listener bound by another program too', async () => {
    const { server, port } = await rawServer(() => {});
    try {
      const e = await failure(TcpListener.bind({ host: '127.0.0.1', port }));
      expect(AddressInUseError.is(e) && e.syscallCode === 'EADDRINUSE').toBe(true);
      expect(e.message).toBe(`address in use: 127.0.0.1:${port}`);
    } finally {
      server.close();
    }
  });

  it('DNS: a host name that cannot resolve is DnsError, naming the host, for connect and bind', async () => {
    // An empty label: the resolver refuses the name without asking a server, so no network is needed.
    const host = 'no-such-host..invalid';
    const e = await failure(TcpStream.connect({ host, port: 80 }));
    expect(DnsError.is(e)).toBe(true);
    expect(e.message).toBe(`host name not found: ${host}:80`);
    const e2 = await failure(TcpListener.bind({ host, port: 0 }));
    expect(DnsError.is(e2) && e2.address).toBe(`${host}:0`);
  });

  it('TLS: a peer that does not speak TLS is TlsError with the address', async () => {
    const { server, port } = await rawServer((socket) => {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    try {
      const e = await failure(TlsStream.connect({ host: '127.0.0.1', port }));
      expect(TlsError.is(e)).toBe(true);
      // OpenSSL's reason, not its multi-line message with source file names.
      expect(e.message).toBe(`TLS failure (wrong version number): 127.0.0.1:${port}`);
      expect(e.syscallCode).toMatch(/^ERR_SSL_/);
    } finally {
      server.close();
    }
  });

  it('each class answers is() for its own errors only', async () => {
    const classes = [
      ConnectionRefusedError,
      ConnectionResetError,
      ConnectionTimedOutError,
      AddressInUseError,
      DnsError,
      TlsError,
    ];
    const errors = classes.map((C) => new C('x', 'h:1'));
    for (const [i, C] of classes.entries()) {
      expect(errors.map((e) => C.is(e))).toEqual(classes.map((_, j) => i === j));
      expect(NetError.is(errors[i])).toBe(true);
      expect(errors[i]!.code).toBe(C.code);
    }
    expect(NetError.is(new Error('x'))).toBe(false);
  });

  it('NetError.is recognises the errors of this package only, handed on unbound too', () => {
    const net = [
      new SocketClosedError('closed', 'h:1'),
      new UnexpectedEofError(2, 1, 'h:1'),
      new TlsError('x', 'h:1'),
    ];
    const others = [
      new CancelledError(),
      new FrameTooBigError(10, 5),
      new TimeoutError(),
      new FileClosedError('/f'),
    ];
    expect(net.filter(NetError.is)).toEqual(net);
    expect(others.filter(NetError.is)).toEqual([]);
    expect(net.filter(SocketClosedError.is)).toEqual([net[0]]); // a subclass still checks its own code
  });
});
