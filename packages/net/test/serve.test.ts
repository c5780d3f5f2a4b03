import { LengthDelimitedCodec } from '@async/codec';
import { framed, serve, TcpListener, TcpStream } from '@async/net';
import { TestClock } from '@async/time';
import { describe, expect, it } from 'vitest';
import { dec, enc, until, within } from './helpers';

/** A framed echo-with-prefix handler: answers each request frame with `ok:<request>`. */
async function answer(stream: TcpStream): Promise<void> {
  const io = framed(stream, new LengthDelimitedCodec());
  for await (const frame of io) await io.send(enc(`ok:${dec(frame)}`));
  await io.close();
}

describe('serve', () => {
  it('250 concurrent framed request/response connections, all answered and counted', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    const server = serve(listener, answer, { signal: stop.signal, maxConnections: 1000 });
    const n = 250;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const stream = await TcpStream.connect(listener.localAddr);
        const io = framed(stream, new LengthDelimitedCodec());
        const got: string[] = [];
        for (let j = 0; j < 3; j++) {
          await io.send(enc(`${i}.${j}`));
          const r = await io.next();
          got.push(dec(r.value as Uint8Array));
        }
        await io.close();
        expect((await io.next()).done).toBe(true);
        await stream.close();
        return got;
      }),
    );
    for (const [i, got] of results.entries()) expect(got).toEqual([`ok:${i}.0`, `ok:${i}.1`, `ok:${i}.2`]);
    stop.abort();
    expect(await server).toEqual({ accepted: n, completed: n, aborted: 0, failed: 0 });
  });

  it('graceful shutdown under load: every accepted request gets its response', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    const server = serve(listener, answer, { signal: stop.signal, gracePeriod: 10_000 });
    const n = 200;
    let answered = 0;
    const clients = Array.from({ length: n }, async (_, i) => {
      let stream: TcpStream;
      try {
        stream = await TcpStream.connect(listener.localAddr);
      } catch {
        return 'refused';
      }
      const io = framed(stream, new LengthDelimitedCodec());
      try {
        await io.send(enc(`r${i}`));
        const r = await io.next();
        if (r.done) return 'closed-before-answer';
        expect(dec(r.value)).toBe(`ok:r${i}`);
        answered++;
        await io.close();
        return 'answered';
      } catch {
        return 'closed-before-answer';
      } finally {
        await stream.close();
      }
    });
    // Shut down while connections are in flight: after the first 50 answers.
    for (let i = 0; i < 10_000 && answered < 50; i++) await new Promise((r) => setImmediate(r));
    stop.abort();
    const outcomes = await Promise.all(clients);
    const stats = await server;
    const ok = outcomes.filter((o) => o === 'answered').length;
    // Every connection the server accepted completed: none was cut off.
    expect(stats.aborted).toBe(0);
    expect(stats.failed).toBe(0);
    expect(stats.completed).toBe(stats.accepted);
    expect(ok).toBeGreaterThanOrEqual(50);
    // A client the server never accepted saw a refusal or a clean close, never a lost answer.
    expect(ok).toBe(stats.accepted);
  });

  it('beyond maxConnections a connection waits unread until a slot frees', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let running = 0;
    let most = 0;
    const server = serve(
      listener,
      async (stream) => {
        running++;
        most = Math.max(most, running);
        await stream.writeAll(await stream.readToEnd({ maxBytes: 64 }));
        running--;
      },
      { signal: stop.signal, maxConnections: 2 },
    );
    const replies = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        await using c = await TcpStream.connect(listener.localAddr);
        await c.writeAll(enc(`c${i}`));
        await c.shutdown();
        return dec(await c.readToEnd());
      }),
    );
    expect(replies).toEqual(Array.from({ length: 8 }, (_, i) => `c${i}`));
    expect(most).toBe(2);
    stop.abort();
    expect(await server).toEqual({ accepted: 8, completed: 8, aborted: 0, failed: 0 });
  });

  it('aborts connections still running at the end of the grace period, and counts failures', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    const server = serve(
      listener,
      async (stream) => {
        const first = await stream.readExact(1);
        if (first[0] === 0x21) throw new Error('handler bug');
        await stream.readToEnd(); // the client never ends: only the server's abort stops it
      },
      { signal: stop.signal, gracePeriod: 0 },
    );
    await using failing = await TcpStream.connect(listener.localAddr);
    await failing.writeAll(enc('!'));
    await using hanging = await TcpStream.connect(listener.localAddr);
    await hanging.writeAll(enc('x'));
    expect(await failing.read(new Uint8Array(1))).toBe(0); // the server closed it after the failure
    stop.abort();
    expect(await server).toEqual({ accepted: 2, completed: 0, aborted: 1, failed: 1 });
    expect(await hanging.read(new Uint8Array(1))).toBe(0);
  });

  it('a handler that declares the signal sees it abort at the end of the grace period', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    const server = serve(
      listener,
      (_stream, signal) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
          running();
        }),
      { signal: stop.signal, gracePeriod: 0 },
    );
    await using client = await TcpStream.connect(listener.localAddr);
    await started;
    stop.abort();
    expect(await server).toEqual({ accepted: 1, completed: 0, aborted: 1, failed: 0 });
    expect(await client.read(new Uint8Array(1))).toBe(0);
  });

  it('idleTimeout runs on the clock: a silent connection closes once a whole period passed without a byte', async () => {
    using clock = TestClock.install();
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let running = 0;
    const server = serve(
      listener,
      async (stream) => {
        running++;
        for await (const chunk of stream) await stream.writeAll(chunk); // echo until the end
      },
      { signal: stop.signal, idleTimeout: 1000 },
    );
    await using idle = await TcpStream.connect(listener.localAddr);
    await using active = await TcpStream.connect(listener.localAddr);
    await until(() => running === 2);
    const echo = async (s: string) => {
      await active.writeAll(enc(s));
      return dec(await within(active.readExact(s.length)));
    };
    await clock.advance(999);
    expect(await echo('a')).toBe('a'); // not yet: both still open
    await clock.advance(1);
    // The silent one is closed by the server at 1000 ms of the test clock, without a byte from us.
    expect(await within(idle.read(new Uint8Array(1)))).toBe(0);
    // The active one had traffic in that period: it lives on, and is closed after a silent period.
    expect(await echo('b')).toBe('b');
    await clock.advance(1000); // 'b' came in this period: still open
    expect(await echo('c')).toBe('c');
    await clock.advance(1000);
    await clock.advance(1000); // a whole period without a byte
    expect(await within(active.read(new Uint8Array(1)))).toBe(0);
    stop.abort();
    expect(await server).toEqual({ accepted: 2, completed: 0, aborted: 2, failed: 0 });
  });

  it('idleTimeout and gracePeriod honour the clock option', async () => {
    const clock = new TestClock();
    const listener = await TcpListener.bind('127.0.0.1:0');
    const stop = new AbortController();
    let running = 0;
    const server = serve(
      listener,
      async (stream) => {
        running++;
        await stream.readToEnd();
      },
      { signal: stop.signal, idleTimeout: 500, gracePeriod: 10_000, clock },
    );
    await using quiet = await TcpStream.connect(listener.localAddr);
    await using talking = await TcpStream.connect(listener.localAddr);
    await until(() => running === 2);
    await clock.advance(499);
    await talking.writeAll(enc('x'));
    await clock.advance(1);
    expect(await within(quiet.read(new Uint8Array(1)))).toBe(0);
    stop.abort();
    await until(() => clock.pending >= 1);
    await clock.advance(10_000); // the grace period ends on this clock: the last connection is aborted
    expect(await within(server)).toEqual({ accepted: 2, completed: 0, aborted: 2, failed: 0 });
    expect(await within(talking.read(new Uint8Array(1)))).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('bad input throws naming the parameter', async () => {
    const listener = await TcpListener.bind('127.0.0.1:0');
    expect(() => serve(listener, 'x' as never)).toThrow(/handler must be a function, got "x" \(string\)/);
    expect(() => serve(listener, () => {}, { maxConnections: 0 })).toThrow(
      /maxConnections must be a number >= 1/,
    );
    expect(() => serve(listener, () => {}, { grace: 1 } as never)).toThrow(/unknown option 'grace'/);
    expect(() => serve(listener, () => {}, { clock: {} as never })).toThrow(/clock/);
    await listener.close();
  });
});
