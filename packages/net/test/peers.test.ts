// Real peers: programs whose protocol code nobody here wrote. A Python asyncio server and client
// (standard library only) speaking tokio-util's default length-delimited frames and lines, and socat
// moving plain bytes.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Decoder, type Encoder, LengthDelimitedCodec, LinesCodec } from '@async/codec';
import { framed, serve, TcpListener, TcpStream } from '@async/net';
import { describe, expect, it } from 'vitest';
import { dec, enc } from './helpers';

const peer = fileURLToPath(new URL('./fixtures/peer.py', import.meta.url));

/** Runs a child to its end; resolves with its stdout lines. */
function runChild(cmd: string, args: string[], onFirstLine?: (line: string) => void, stdin?: string) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let first = true;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (first && out.includes('\n')) {
      first = false;
      onFirstLine?.(out.split('\n')[0]!);
    }
  });
  if (stdin !== undefined) child.stdin.end(stdin);
  return new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`${cmd} exited with ${code}`)),
    );
  });
}

/** Starts a Python server; resolves with its port and its completion. */
function pythonServer(mode: 'frames' | 'lines', count: number) {
  let port!: (p: number) => void;
  const ready = new Promise<number>((r) => (port = r));
  const done = runChild('python3', [peer, 'server', mode, '--count', String(count)], (l) => port(Number(l)));
  return { ready, done };
}

const codecs: Record<'frames' | 'lines', () => Decoder<unknown> & Encoder<never>> = {
  frames: () => new LengthDelimitedCodec() as never,
  lines: () => new LinesCodec() as never,
};
const asText = (frame: unknown) => (typeof frame === 'string' ? frame : dec(frame as Uint8Array));
const message = (mode: 'frames' | 'lines', s: string) => (mode === 'lines' ? s : enc(s));

describe.each(['frames', 'lines'] as const)('Python asyncio peer, %s', (mode) => {
  it('our client against their server', async () => {
    const server = pythonServer(mode, 2);
    const port = await server.ready;
    for (let c = 0; c < 2; c++) {
      await using stream = await TcpStream.connect({ host: '127.0.0.1', port });
      const io = framed(stream, codecs[mode]());
      for (let i = 0; i < 5; i++) {
        await io.send(message(mode, `c${c}m${i}`) as never);
        expect(asText((await io.next()).value)).toBe(`ok:c${c}m${i}`);
      }
      await io.close();
      expect((await io.next()).done).toBe(true);
    }
    await server.done;
  });

  it('their client against our server', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    const served = serve(
      listener,
      async (stream) => {
        const io = framed(stream, codecs[mode]());
        for await (const m of io) await io.send(message(mode, `ok:${asText(m)}`) as never);
      },
      { signal: stop.signal },
    );
    const out = await runChild('python3', [
      peer,
      'client',
      mode,
      String(listener.localAddr.port),
      '--count',
      '4',
    ]);
    expect(out).toEqual(['ok:py0', 'ok:py1', 'ok:py2', 'ok:py3']);
    stop.abort();
    expect(await served).toEqual({ accepted: 1, completed: 1, aborted: 0, failed: 0 });
  });
});

const hasSocat = spawnSync('socat', ['-V']).status === 0;
if (!hasSocat && process.env.CI) throw new Error('socat is required in CI (.ci/run installs it)');
if (!hasSocat) console.warn('socat is not installed: the socat tests are skipped (apt-get install socat)');

describe.skipIf(!hasSocat)('socat', () => {
  it('socat as a client: its stdin reaches us, our answer reaches its stdout', async () => {
    await using listener = await TcpListener.bind('127.0.0.1:0');
    const out = runChild(
      'socat',
      ['-t', '5', '-', `TCP:127.0.0.1:${listener.localAddr.port}`],
      undefined,
      'from socat\n',
    );
    await using conn = await listener.accept();
    expect(dec(await conn.readToEnd({ maxBytes: 1024 }))).toBe('from socat\n');
    await conn.writeAll(enc('to socat\n'));
    await conn.shutdown();
    expect(await out).toEqual(['to socat']);
  });

  it('socat as an echo server: 256 KiB come back byte for byte', async () => {
    // Find a free port, then let socat listen on it (socat cannot report a port 0 choice).
    const probe = await TcpListener.bind('127.0.0.1:0');
    const chosen = probe.localAddr.port;
    await probe.close();
    const child = spawn('socat', [`TCP-LISTEN:${chosen},bind=127.0.0.1,reuseaddr`, 'PIPE'], {
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('close', r));
    // Connect, retrying while socat starts (bounded: 100 tries).
    let stream: TcpStream | undefined;
    for (let i = 0; i < 100 && stream === undefined; i++) {
      stream = await TcpStream.connect({ host: '127.0.0.1', port: chosen }).catch(async () => {
        await new Promise((r) => setTimeout(r, 20));
        return undefined;
      });
    }
    expect(stream).toBeDefined();
    const data = new Uint8Array(256 << 10).map((_, i) => (i * 31) % 256);
    const [, echoed] = await Promise.all([
      stream!.writeAll(data).then(() => stream!.shutdown()),
      stream!.readToEnd({ maxBytes: 1 << 20 }),
    ]);
    expect(echoed).toEqual(data);
    await stream!.close();
    await exited;
  });
});
