import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinesCodec } from '@async/codec';
import { framed, TlsError, TlsListener, TlsStream } from '@async/net';
import { afterAll, describe, expect, it } from 'vitest';
import { certificate, dec, enc, within } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'async-net-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const localhost = certificate(dir, 'localhost', 'IP:127.0.0.1,DNS:localhost');
const { key, cert } = localhost;

describe('TLS', () => {
  it('a client trusting the certificate talks to the listener, encrypted', async () => {
    await using listener = await TlsListener.bind('127.0.0.1:0', { cert, key });
    const accepted = listener.accept();
    await using client = await TlsStream.connect(listener.localAddr, { ca: cert, servername: 'localhost' });
    await using server = await accepted;
    expect(client.protocol).toMatch(/^TLSv1\.[23]$/);
    await client.writeAll(enc('secret'));
    expect(dec(await server.readExact(6))).toBe('secret');
    await server.writeAll(enc('reply'));
    await server.shutdown();
    expect(dec(await client.readToEnd({ maxBytes: 64 }))).toBe('reply');
  });

  it('a client that does not trust the certificate gets TlsError naming the address; the server goes on', async () => {
    await using listener = await TlsListener.bind('127.0.0.1:0', { cert, key });
    const e = await TlsStream.connect(listener.localAddr).catch((x: unknown) => x);
    expect(TlsError.is(e)).toBe(true);
    expect((e as Error).message).toContain(`127.0.0.1:${listener.localAddr.port}`);
    const accepted = listener.accept();
    await using ok = await TlsStream.connect(listener.localAddr, { ca: cert, servername: 'localhost' });
    await using server = await accepted;
    expect(server.peerAddr.port).toBe(ok.localAddr.port);
  });

  it('a client that half-closes after its request still gets the answer', async () => {
    await using listener = await TlsListener.bind('127.0.0.1:0', { cert, key });
    const accepted = listener.accept();
    await using client = await TlsStream.connect(listener.localAddr, { ca: cert, servername: 'localhost' });
    await using server = await accepted;
    await client.writeAll(enc('question'));
    await client.shutdown();
    expect(dec(await server.readToEnd({ maxBytes: 64 }))).toBe('question');
    await server.writeAll(enc('answer'));
    await server.shutdown();
    expect(dec(await client.readToEnd({ maxBytes: 64 }))).toBe('answer');
  });

  it('the server socket of a client that gave up on the handshake is released at once', async () => {
    await using listener = await TlsListener.bind('127.0.0.1:0', { cert, key });
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); // earlier tests' sockets close
    const before = sockets();
    await expect(TlsStream.connect(listener.localAddr)).rejects.toSatisfy(TlsError.is); // does not trust us
    for (let i = 0; i < 200 && sockets() > before; i++) await new Promise((r) => setImmediate(r));
    expect(sockets()).toBe(before); // not held for Node's two-minute handshake timeout
  });

  it('openssl s_client reads what our listener writes', async () => {
    await using listener = await TlsListener.bind('127.0.0.1:0', { cert, key });
    const child = spawn(
      'openssl',
      [
        's_client',
        '-connect',
        `127.0.0.1:${listener.localAddr.port}`,
        '-quiet',
        '-CAfile',
        localhost.certPath,
      ],
      {
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise((r) => child.on('close', r));
    await using conn = await listener.accept();
    await conn.writeAll(enc('hello openssl\n'));
    await conn.shutdown();
    child.stdin.end();
    await exited;
    expect(out).toContain('hello openssl');
  });
});

/** Starts `openssl s_server` on a free port; resolves with the process and the port it accepts on. */
async function sServer(
  args: string[],
): Promise<{ child: ChildProcess; port: number; exited: Promise<unknown> }> {
  const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.on('close', r));
  let out = '';
  const port = await within(
    new Promise<number>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    }),
  );
  return { child, port, exited };
}

describe('TLS against openssl', () => {
  it('our client against openssl s_server: it answers each line reversed', async () => {
    const { child, port, exited } = await sServer([
      '-cert',
      localhost.certPath,
      '-key',
      localhost.keyPath,
      '-rev',
    ]);
    try {
      await using client = await TlsStream.connect(
        { host: '127.0.0.1', port },
        { ca: cert, servername: 'localhost' },
      );
      const lines = framed(client, new LinesCodec({ maxLength: 1024 }));
      await lines.send('hello openssl');
      let answer: string | undefined;
      for (let i = 0; i < 10 && answer === undefined; i++) {
        const r = await within(lines.next());
        if (r.done) break;
        if (r.value.includes('lssnepo')) answer = r.value;
      }
      expect(answer).toBe('lssnepo olleh');
    } finally {
      child.kill();
      await exited;
    }
  });

  it('openssl s_server with a certificate for another name: TlsError naming the address', async () => {
    const other = certificate(dir, 'other.example', 'DNS:other.example');
    const { child, port, exited } = await sServer(['-cert', other.certPath, '-key', other.keyPath, '-rev']);
    try {
      const e = await TlsStream.connect(
        { host: '127.0.0.1', port },
        { ca: other.cert, servername: 'localhost' },
      ).catch((x: unknown) => x);
      expect(TlsError.is(e)).toBe(true);
      expect((e as TlsError).syscallCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect((e as Error).message).toContain(`127.0.0.1:${port}`);
    } finally {
      child.kill();
      await exited;
    }
  });

  it('openssl s_client with a client certificate: our listener asks for it, verifies it and reads what it sends', async () => {
    const client = certificate(dir, 'client', 'DNS:client');
    await using listener = await TlsListener.bind('127.0.0.1:0', {
      cert,
      key,
      ca: client.cert,
      requestCert: true,
    });
    const accepted = listener.accept();
    const args = [
      's_client',
      '-connect',
      `127.0.0.1:${listener.localAddr.port}`,
      '-quiet',
      '-CAfile',
      localhost.certPath,
    ];
    const child = spawn('openssl', [...args, '-cert', client.certPath, '-key', client.keyPath], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise((r) => child.on('close', r));
    child.stdin.write('from openssl\n');
    await using conn = await within(accepted);
    expect(dec(await within(conn.readExact(13)))).toBe('from openssl\n');
    child.stdin.end();
    await conn.close();
    await within(exited);

    // Without a certificate, s_client never reaches accept: the next accept gets the next good client.
    const refused = spawn('openssl', args, { stdio: ['pipe', 'ignore', 'ignore'] });
    const refusedExit = new Promise((r) => refused.on('close', r));
    refused.stdin.end('no certificate\n');
    await within(refusedExit);
    const next = listener.accept();
    await using ok = await TlsStream.connect(listener.localAddr, {
      ca: cert,
      servername: 'localhost',
      cert: client.cert,
      key: client.key,
    });
    await ok.writeAll(enc('ok'));
    await using served = await within(next);
    expect(dec(await within(served.readExact(2)))).toBe('ok');
  });
});
