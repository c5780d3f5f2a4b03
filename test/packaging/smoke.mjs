// One smoke scenario per package, run against the packed tarballs installed in a project outside the
// workspace (test/packaging/packaging.test.ts): from ESM and CJS in Node, in Bun, in Deno and, bundled, in
// headless Chromium. Plain JavaScript with no `node:` imports, so the same file runs everywhere; each
// scenario receives the installed packages' module namespaces (loaded by `import` or by `require`, as the
// runner chooses) and throws if a package does not do what its README says.

/** Throws unless `actual` and `expected` serialize alike. */
function same(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** `@async/<name>` → the scenario, and the packages it loads (the package and what its scenario composes). */
export const scenarios = {
  core: {
    uses: ['@async/core'],
    async run({ '@async/core': core }) {
      const task = core.spawn(async () => 41 + 1);
      same(await task, 42, 'spawn');
      const token = new core.CancellationToken();
      const loser = (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      same(
        await core.select({ ready: Promise.resolve('a'), never: loser, cancelled: token }),
        { key: 'ready', value: 'a' },
        'select',
      );
      const sum = await core.scope(
        async (s) => (await s.spawn(async () => 1)) + (await s.spawn(async () => 2)),
      );
      same(sum, 3, 'scope');
    },
  },
  time: {
    uses: ['@async/time', '@async/core'],
    async run({ '@async/time': time }) {
      const clock = time.TestClock.install();
      try {
        let woke = false;
        const slept = time.sleep(60_000).then(() => (woke = true));
        await clock.advance(59_999);
        same(woke, false, 'sleep before its deadline');
        await clock.advance(1);
        await slept;
        same(woke, true, 'sleep at its deadline');
      } finally {
        clock[Symbol.dispose]();
      }
    },
  },
  sync: {
    uses: ['@async/sync', '@async/core'],
    async run({ '@async/sync': sync }) {
      const counter = new sync.Mutex(0);
      await Promise.all(
        Array.from({ length: 10 }, () =>
          counter.runExclusive(async (guard) => {
            const seen = guard.value;
            await Promise.resolve();
            guard.value = seen + 1;
          }),
        ),
      );
      same(await counter.runExclusive((guard) => guard.value), 10, 'Mutex');
      const gate = new sync.Semaphore(1);
      const held = await gate.acquire();
      same(gate.tryAcquire(), undefined, 'Semaphore with its permit out');
      held.release();
    },
  },
  channels: {
    uses: ['@async/channels', '@async/core'],
    async run({ '@async/channels': channels, '@async/core': core }) {
      const [tx, rx] = channels.mpsc.channel(2);
      await tx.send('ping');
      const [, quiet] = channels.mpsc.unbounded();
      same(await core.select({ rx, quiet }), { key: 'rx', value: 'ping' }, 'select over receivers');
      const [reply, response] = channels.oneshot();
      reply.send(7);
      same(await response, 7, 'oneshot');
    },
  },
  stream: {
    uses: ['@async/stream', '@async/core', '@async/time'],
    async run({ '@async/stream': s }) {
      const squares = await s.pipe(
        [1, 2, 3, 4],
        s.map((x) => x * x),
        s.filter((x) => x % 2 === 0),
        s.collect(),
      );
      same(squares, [4, 16], 'pipe');
      same(await s.stream([1, 2, 3]).fold(0, (a, b) => a + b), 6, 'stream().fold');
    },
  },
  codec: {
    uses: ['@async/codec', '@async/core'],
    async run({ '@async/codec': codec }) {
      const bytes = new TextEncoder().encode('one\r\ntwo\n');
      const lines = [];
      for await (const line of new codec.FramedRead(
        [bytes.subarray(0, 2), bytes.subarray(2)],
        new codec.LinesCodec(),
      )) {
        lines.push(line);
      }
      same(lines, ['one', 'two'], 'LinesCodec');
      const wire = [];
      const out = new codec.FramedWrite(
        { write: async (chunk) => void wire.push(chunk) },
        new codec.LengthDelimitedCodec(),
      );
      await out.send(new TextEncoder().encode('hello'));
      same([...wire[0].subarray(0, 4)], [0, 0, 0, 5], 'LengthDelimitedCodec');
    },
  },
  resilience: {
    uses: ['@async/resilience', '@async/time', '@async/core', '@async/sync'],
    async run({ '@async/resilience': r, '@async/time': time }) {
      const clock = time.TestClock.install({ autoAdvance: true });
      try {
        let calls = 0;
        const policy = r.retry({ maxAttempts: 3, backoff: r.constant(1_000) });
        const answer = await policy.execute(() => (++calls < 3 ? Promise.reject(new Error('down')) : 'up'));
        same([answer, calls, clock.now()], ['up', 3, 2_000], 'retry on the test clock');
      } finally {
        clock[Symbol.dispose]();
      }
    },
  },
  // Node only (node:net): Bun and Deno run it through their Node compatibility; the browser runner leaves it out.
  net: {
    uses: ['@async/net', '@async/core', '@async/time', '@async/codec'],
    async run({ '@async/net': net }) {
      const listener = await net.TcpListener.bind('127.0.0.1:0');
      try {
        const serving = (async () => {
          const conn = await listener.accept();
          for await (const chunk of conn) await conn.writeAll(chunk);
          await conn.shutdown();
          await conn[Symbol.asyncDispose]();
        })();
        const client = await net.TcpStream.connect(listener.localAddr);
        await client.writeAll(new TextEncoder().encode('hello'));
        await client.shutdown();
        same(new TextDecoder().decode(await client.readToEnd({ maxBytes: 64 })), 'hello', 'TCP echo');
        await serving;
        await client[Symbol.asyncDispose]();
      } finally {
        await listener[Symbol.asyncDispose]();
      }
    },
  },
};

/**
 * Runs, one after the other, the scenario of every package named in `only` (all by default) whose
 * packages are all in `modules`. Resolves to `{ name: 'ok' | error message }`, never rejects.
 */
export async function runSmoke(modules, only = Object.keys(scenarios)) {
  const report = {};
  for (const name of only) {
    const scenario = scenarios[name];
    try {
      const missing = scenario.uses.filter((pkg) => modules[pkg] === undefined);
      if (missing.length > 0) throw new Error(`not loaded: ${missing.join(', ')}`);
      await scenario.run(modules);
      report[name] = 'ok';
    } catch (error) {
      report[name] = String(error?.stack ?? error);
    }
  }
  return report;
}
