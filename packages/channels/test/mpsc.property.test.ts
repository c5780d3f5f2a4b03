import { select } from '@async/core';
import { sleep, TestClock } from '@async/time';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mpsc } from '../src/index';
import { settle } from './helpers';

type Op =
  | { kind: 'send'; producer: number; abortable: boolean }
  | { kind: 'trySend'; producer: number }
  | { kind: 'recv'; abortable: boolean }
  | { kind: 'tryRecv' }
  | { kind: 'recvMany'; limit: number }
  | { kind: 'abort'; index: number }
  | { kind: 'closeSender'; producer: number }
  | { kind: 'closeRx' }
  | { kind: 'tick' };

const PRODUCERS = 3;
const producer = fc.integer({ min: 0, max: PRODUCERS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('send' as const), producer, abortable: fc.boolean() }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('trySend' as const), producer }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('recv' as const), abortable: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('tryRecv' as const) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('recvMany' as const), limit: fc.integer({ min: 0, max: 4 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('abort' as const), index: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('closeSender' as const), producer }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('closeRx' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('tick' as const) }), weight: 3 },
);

/**
 * Runs `ops` against a channel, then closes every sender and drains. Returns what was accepted
 * (a send that resolved, a trySend that said 'sent') and what was received, in order.
 */
async function run(capacity: number, ops: Op[]) {
  const [first, rx] = mpsc.channel<number>(capacity);
  const senders = [first, first.clone(), first.clone()];
  const nextSeq = [0, 0, 0];
  const accepted = new Set<number>();
  const rejected = new Set<number>();
  // One slot per receive, taken when it is called: an earlier receive always gets earlier messages.
  const slots: number[][] = [];
  const slot = () => {
    const got: number[] = [];
    slots.push(got);
    return got;
  };
  const controllers: AbortController[] = [];
  const pending: Promise<unknown>[] = [];
  const encode = (p: number, seq: number) => p * 1_000_000 + seq;

  for (const o of ops) {
    switch (o.kind) {
      case 'send': {
        const value = encode(o.producer, nextSeq[o.producer]!++);
        const ac = new AbortController();
        if (o.abortable) controllers.push(ac);
        pending.push(
          senders[o.producer]!.send(value, { signal: ac.signal }).then(
            () => accepted.add(value),
            () => rejected.add(value),
          ),
        );
        break;
      }
      case 'trySend': {
        const value = encode(o.producer, nextSeq[o.producer]!++);
        if (senders[o.producer]!.trySend(value) === 'sent') accepted.add(value);
        else rejected.add(value);
        break;
      }
      case 'recv': {
        const ac = new AbortController();
        if (o.abortable) controllers.push(ac);
        const got = slot();
        pending.push(
          rx.recv({ signal: ac.signal }).then(
            (v) => v !== undefined && got.push(v),
            () => {},
          ),
        );
        break;
      }
      case 'tryRecv': {
        const r = rx.tryRecv();
        if (r.ok) slot().push(r.value);
        break;
      }
      case 'recvMany': {
        const got = slot();
        pending.push(rx.recvMany(o.limit).then((vs) => got.push(...vs)));
        break;
      }
      case 'abort':
        if (controllers.length > 0) controllers[o.index % controllers.length]!.abort('aborted');
        break;
      case 'closeSender':
        senders[o.producer]!.close();
        break;
      case 'closeRx':
        rx.close();
        break;
      case 'tick':
        await Promise.resolve();
        break;
    }
  }
  for (const s of senders) s.close();
  for (;;) {
    const v = await rx.recv();
    if (v === undefined) break;
    slot().push(v);
  }
  await Promise.all(pending);
  await settle();
  const received = slots.flat();
  return { accepted, rejected, received, rx };
}

describe('mpsc: property tests', () => {
  test('random interleavings never lose, duplicate or reorder (per producer) a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 60 }),
        async (capacity, ops) => {
          const { accepted, rejected, received, rx } = await run(capacity, ops);
          // Exactly the accepted messages were received, each once.
          expect(new Set(received).size).toBe(received.length);
          expect([...received].sort((a, b) => a - b)).toEqual([...accepted].sort((a, b) => a - b));
          for (const v of rejected) expect(accepted.has(v)).toBe(false);
          // Per producer, in the order sent.
          for (let p = 0; p < PRODUCERS; p++) {
            const mine = received.filter((v) => Math.floor(v / 1_000_000) === p);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          }
          // The channel ends empty, with every slot back.
          expect(rx.length).toBe(0);
          expect(rx.tryRecv()).toEqual({ ok: false, reason: 'disconnected' });
        },
      ),
      { numRuns: 300 },
    );
  });

  test('capacity is never exceeded and comes back in full once drained', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 40 }),
        async (capacity, ops) => {
          const [tx, rx] = mpsc.channel<number>(capacity);
          const permits: mpsc.Permit<number>[] = [];
          for (const o of ops) {
            if (o.kind === 'send' || o.kind === 'trySend') tx.trySend(1);
            else if (o.kind === 'recv' || o.kind === 'tryRecv') rx.tryRecv();
            else if (o.kind === 'abort') {
              const p = tx.tryReserve();
              if (typeof p !== 'string') permits.push(p);
            } else if (o.kind === 'tick') permits.pop()?.release();
            expect(rx.length + permits.length + tx.capacity).toBe(capacity);
          }
          for (const p of permits) p.release();
          while (rx.tryRecv().ok);
          expect(tx.capacity).toBe(capacity);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mpsc: cancel safety under select', () => {
  test('select over two receivers and a sleep, aborted at random moments, 100,000 rounds: received = sent', async () => {
    using clock = TestClock.install();
    const random = prng(0x5eed);
    const [txA, rxA] = mpsc.channel<number>(4);
    const [txB, rxB] = mpsc.channel<number>(4);
    const sent = new Set<number>();
    const received: number[] = [];
    let next = 0;
    let slept = 0;
    const offer = () => {
      const value = next++;
      if ((random() < 0.5 ? txA : txB).trySend(value) === 'sent') sent.add(value);
    };

    for (let round = 0; round < 100_000; round++) {
      if (random() < 0.3) offer();
      const ac = new AbortController();
      const timer = sleep(5);
      const result = select({ a: rxA, b: rxB, timer }, { signal: ac.signal }).then(
        (r) => {
          if (r.key === 'timer') slept++;
          else if (r.value !== undefined) received.push(r.value);
        },
        () => {},
      );
      const moment = random();
      if (moment < 0.25) {
        ac.abort(); // before anything happens
      } else if (moment < 0.5) {
        offer(); // a send wakes the select, then the abort comes too late or just in time
        ac.abort();
      } else if (moment < 0.75) {
        for (let k = Math.floor(random() * 4); k > 0; k--) await Promise.resolve();
        if (random() < 0.5) offer();
        for (let k = Math.floor(random() * 3); k > 0; k--) await Promise.resolve();
        ac.abort();
      } else if (moment < 0.7505) {
        await clock.advance(5); // the sleep wins
        ac.abort();
      } else {
        ac.abort();
        offer();
      }
      await result;
      timer[Symbol.dispose]();
    }
    for (const rx of [rxA, rxB]) {
      for (let r = rx.tryRecv(); r.ok; r = rx.tryRecv()) received.push(r.value);
    }
    expect(received.length).toBeGreaterThan(10_000);
    expect(slept).toBeGreaterThan(0);
    expect(new Set(received).size).toBe(received.length);
    expect(new Set(received)).toEqual(sent);
    expect(clock.pending).toBe(0);
  });
});
