// The protocol's rules, each against a wrong implementation: order and numbering per room, refusals
// with the right kind and seq, the rate limit and the idle timeout on a virtual clock, and the end of
// every connection and task, whether the client leaves politely, vanishes mid-frame, or the server
// shuts down.
import { TestClock } from '@async/time';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, MAX_FRAME_BYTES, type ServerFrame } from '../protocol';
import { TestClient } from './client';
import { eventually, startTestServer as start } from './support';

const msgs = (frames: ServerFrame[]) => frames.filter((f) => f.t === 'msg');

describe('rooms', () => {
  it('every member sees every message of a room once, in increasing n with no gap, senders in their own order', async () => {
    const server = await start({ burst: 1_000, ratePerSecond: 1_000 });
    const clients = await Promise.all(['a', 'b', 'c'].map((name) => TestClient.hello(server.addr, name)));
    for (const c of clients) await c.join('lobby');
    const perSender = 50;
    await Promise.all(
      clients.map(async (c) => {
        for (let seq = 1; seq <= perSender; seq++) await c.say('lobby', seq);
      }),
    );
    const total = perSender * clients.length;
    for (const c of clients) {
      const seen = msgs(await c.until((f) => f.t === 'msg' && f.n === total));
      expect(seen.map((f) => f.n)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      for (const name of ['a', 'b', 'c']) {
        const mine = seen.filter((f) => f.from === name).map((f) => f.seq);
        expect(mine).toEqual(Array.from({ length: perSender }, (_, i) => i + 1));
      }
    }
    expect(server.stats().rooms).toEqual([{ name: 'lobby', members: 3, messages: total }]);
    expect(server.stats().delivered).toBe(total * 3);
  });

  it('a room only reaches its members, from their join to their leave, and disappears with its last member', async () => {
    const server = await start();
    const [a, b] = await Promise.all([
      TestClient.hello(server.addr, 'a'),
      TestClient.hello(server.addr, 'b'),
    ]);
    await a.join('r1');
    await a.say('r1', 1, 'before b');
    await b.join('r1');
    await a.say('r1', 2, 'with b');
    expect(await b.next()).toMatchObject({ t: 'msg', n: 2, body: 'with b' });
    await b.send({ t: 'leave', room: 'r1' });
    expect(await b.next()).toEqual({ t: 'left', room: 'r1' });
    await a.say('r1', 3, 'after b');
    await b.say('r1', 1);
    expect(await b.next()).toMatchObject({ t: 'error', kind: 'not_joined', seq: 1 });
    expect(msgs(await a.until((f) => f.t === 'msg' && f.n === 3)).map((f) => f.body)).toEqual([
      'before b',
      'with b',
      'after b',
    ]);
    await a.send({ t: 'leave', room: 'r1' });
    await a.until((f) => f.t === 'left');
    expect(server.stats().rooms).toEqual([]);
  });
});

describe('refusals', () => {
  it('answers malformed frames with bad_frame and goes on; not_joined and too_long name the seq', async () => {
    const server = await start();
    const c = await TestClient.connect(server.addr);
    await c.send({ t: 'join', room: 'lobby' });
    expect(await c.next()).toMatchObject({
      t: 'error',
      kind: 'bad_frame',
      message: expect.stringMatching(/hello first/),
    });
    await c.send({ t: 'hello', name: 'has space' });
    expect(await c.next()).toMatchObject({
      t: 'error',
      kind: 'bad_frame',
      message: expect.stringMatching(/name/),
    });
    await c.send({ t: 'hello', name: 'ann' });
    expect(await c.next()).toMatchObject({ t: 'welcome', name: 'ann' });
    await c.send({ t: 'hello', name: 'ann' });
    expect(await c.next()).toMatchObject({
      t: 'error',
      kind: 'bad_frame',
      message: expect.stringMatching(/twice/),
    });
    for (const bad of [
      [1, 2],
      'hello',
      null,
      { t: 'shout' },
      { t: 'say', room: 'lobby', seq: 'x', sentAt: 0, body: '' },
    ]) {
      await c.send(bad);
      expect(await c.next()).toMatchObject({ t: 'error', kind: 'bad_frame' });
    }
    // Not JSON at all: a length prefix and garbage.
    await c.stream.writeAll(new Uint8Array([0, 0, 0, 3, 0x7b, 0x7b, 0x7b]));
    expect(await c.next()).toMatchObject({ t: 'error', kind: 'bad_frame' });
    await c.say('lobby', 7);
    expect(await c.next()).toMatchObject({ t: 'error', kind: 'not_joined', seq: 7 });
    await c.send({ t: 'leave', room: 'lobby' });
    expect(await c.next()).toMatchObject({ t: 'error', kind: 'not_joined' });
    await c.join('lobby');
    await c.say('lobby', 8, 'x'.repeat(MAX_BODY_LENGTH + 1));
    await c.say('lobby', 9, 'x'.repeat(MAX_BODY_LENGTH));
    expect(await c.next()).toMatchObject({ t: 'error', kind: 'too_long', seq: 8 });
    expect(await c.next()).toMatchObject({ t: 'msg', seq: 9, n: 1 });
    expect(server.stats().refused).toEqual({
      bad_frame: 9,
      not_joined: 2,
      too_long: 1,
      rate_limited: 0,
      idle: 0,
    });
  });

  it('a frame over MAX_FRAME_BYTES is answered with bad_frame, then the connection ends', async () => {
    const server = await start();
    const c = await TestClient.hello(server.addr, 'big');
    await c.say('lobby', 1, 'x'.repeat(MAX_FRAME_BYTES));
    expect(await c.rest()).toEqual([
      { t: 'error', kind: 'bad_frame', message: expect.stringMatching(/over 16384/) },
    ]);
    await eventually(() => server.stats().connections === 0, 'the connection closed');
  });

  it('the rate limiter lets a burst through, refuses the excess with its seq, and refills with time', async () => {
    const clock = new TestClock();
    const server = await start({ clock, burst: 5, ratePerSecond: 10 });
    const c = await TestClient.hello(server.addr, 'fast');
    await c.join('lobby');
    for (let seq = 1; seq <= 8; seq++) await c.say('lobby', seq);
    const frames = await c.until((f) => f.t === 'error' && f.seq === 8);
    expect(msgs(frames).map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(
      frames.filter((f) => f.t === 'error').map((f) => [f.t === 'error' && f.kind, f.t === 'error' && f.seq]),
    ).toEqual([
      ['rate_limited', 6],
      ['rate_limited', 7],
      ['rate_limited', 8],
    ]);
    await clock.advance(200); // 10 per second: two tokens
    for (let seq = 9; seq <= 11; seq++) await c.say('lobby', seq);
    expect(await c.next()).toMatchObject({ t: 'msg', seq: 9, n: 6 });
    expect(await c.next()).toMatchObject({ t: 'msg', seq: 10, n: 7 });
    expect(await c.next()).toMatchObject({ t: 'error', kind: 'rate_limited', seq: 11 });
    expect(server.stats().refused.rate_limited).toBe(4);
    await c.close(); // so that the shutdown has no grace period to wait for on this clock
    await eventually(() => server.stats().connections === 0, 'the connection closed');
  });
});

describe('idle timeout', () => {
  it('is reset by every frame; when it runs out the client gets idle and the connection ends', async () => {
    const clock = new TestClock();
    const server = await start({ clock, idleTimeoutMs: 1_000 });
    const quiet = await TestClient.hello(server.addr, 'quiet');
    const chatty = await TestClient.hello(server.addr, 'chatty');
    await clock.advance(700);
    await chatty.join('lobby'); // a frame: chatty's idle deadline moves to 1,700
    await clock.advance(400); // 1,100: quiet is past its deadline
    expect(await quiet.rest()).toEqual([{ t: 'error', kind: 'idle', message: 'no frame for 1000 ms' }]);
    await chatty.say('lobby', 1); // 1,100 → deadline 2,100
    expect(await chatty.next()).toMatchObject({ t: 'msg', seq: 1 });
    await clock.advance(900); // 2,000
    await chatty.say('lobby', 2); // → 3,000
    expect(await chatty.next()).toMatchObject({ t: 'msg', seq: 2 });
    await clock.advance(999);
    expect(server.stats().connections).toBe(1);
    await clock.advance(2);
    expect(await chatty.rest()).toEqual([{ t: 'error', kind: 'idle', message: 'no frame for 1000 ms' }]);
    await eventually(() => server.stats().connections === 0, 'both connections closed');
    expect(server.stats().refused.idle).toBe(2);
  });
});
