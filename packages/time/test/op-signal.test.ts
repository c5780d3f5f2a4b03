import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { TestClock, TimeoutError, timeout } from '../src/index';

const never = () => new Promise<never>(() => {});

/** Counts the `AbortController`s made while it is installed. */
function countControllers(): { made: number; restore(): void } {
  const Original = globalThis.AbortController;
  const counter = {
    made: 0,
    restore: () => {
      globalThis.AbortController = Original;
    },
  };
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      counter.made++;
    }
  };
  return counter;
}

describe("the signal of a function operation (made when it's first used)", () => {
  let counter: { restore(): void } | undefined;
  afterEach(() => counter?.restore());

  test('an operation that never touches its signal makes none', async () => {
    using _ = TestClock.install();
    const c = (counter = countControllers());
    for (let i = 0; i < 100; i++) expect(await timeout(1000, () => Promise.resolve(i))).toBe(i);
    expect(c.made).toBe(0);
  });

  test('an operation that reads it gets a real AbortSignal, aborted on expiry with the TimeoutError', async () => {
    using clock = TestClock.install();
    let signal: AbortSignal | undefined;
    let seen: unknown;
    const t = timeout(10, (s) => {
      signal = s;
      expect(s.aborted).toBe(false);
      s.addEventListener('abort', () => (seen = s.reason));
      return never();
    }).catch((e) => e);
    await clock.advance(10);
    const error = await t;
    expect(TimeoutError.is(error)).toBe(true);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
    expect(seen).toBe(error);
    expect(() => signal?.throwIfAborted()).toThrow(error);
  });

  test('read for the first time after the deadline, it is already aborted with the TimeoutError', async () => {
    using clock = TestClock.install();
    let signal: AbortSignal | undefined;
    const t = timeout(10, (s) => {
      signal = s; // kept, not read
      return never();
    }).catch((e) => e);
    await clock.advance(10);
    const error = await t;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
    let fired = false;
    signal?.addEventListener('abort', () => (fired = true));
    expect(fired).toBe(false); // already aborted: no event comes later, as for any aborted signal
  });

  test('read late after the operation won, it is not aborted, and the deadline passing changes nothing', async () => {
    using clock = TestClock.install();
    let signal: AbortSignal | undefined;
    expect(
      await timeout(10, (s) => {
        signal = s;
        return Promise.resolve('ok');
      }),
    ).toBe('ok');
    await clock.advance(100);
    expect(signal?.aborted).toBe(false);
    expect(clock.pending).toBe(0);
  });

  test("read late after the caller's signal aborted, it carries the caller's reason", async () => {
    using _ = TestClock.install();
    const ac = new AbortController();
    let signal: AbortSignal | undefined;
    const t = timeout(
      1000,
      (s) => {
        signal = s;
        return never();
      },
      { signal: ac.signal },
    ).catch((e) => e);
    ac.abort('bye');
    expect(await t).toBe('bye');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('bye');
  });

  test('host APIs take it: AbortSignal.any and events.once follow it', async () => {
    using clock = TestClock.install();
    let any: AbortSignal | undefined;
    let waiting: Promise<unknown> | undefined;
    const t = timeout(10, (s) => {
      any = AbortSignal.any([s]);
      waiting = once(new EventTarget(), 'never', { signal: s }).catch((e: Error) => e);
      return never();
    }).catch((e) => e);
    await clock.advance(10);
    const error = await t;
    expect(any?.aborted).toBe(true);
    expect(any?.reason).toBe(error);
    const onceError = (await waiting) as Error;
    expect(onceError.name).toBe('AbortError');
    expect(onceError.cause).toBe(error);
  });

  test('fetch(url, { signal }) is aborted at the deadline, before and after the response headers', async () => {
    // A server that sends headers and one byte, then never ends the body.
    const server = createServer((_req, res) => {
      res.writeHead(200);
      res.write('x');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      using clock = TestClock.install();
      // Aborted while reading the body.
      let headers = false;
      const body = timeout(10_000, async (signal) => {
        const response = await fetch(url, { signal });
        headers = true;
        return response.text();
      }).catch((e) => e);
      // The headers come through the host's I/O, not the test clock: let it turn (a bounded number of times).
      for (let i = 0; i < 100_000 && !headers; i++) await new Promise((r) => setImmediate(r));
      expect(headers).toBe(true);
      await clock.advance(10_000);
      expect(TimeoutError.is(await body)).toBe(true);
      // Already aborted when fetch reads it.
      let signal: AbortSignal | undefined;
      const late = timeout(10, (s) => {
        signal = s;
        return never();
      }).catch((e) => e);
      await clock.advance(10);
      const error = await late;
      await expect(fetch(url, { signal })).rejects.toBe(error);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
