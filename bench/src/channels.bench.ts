// @async/channels against a hand-written floor and the bounded queues people use today.
import { Readable } from 'node:stream';
import { broadcast, mpsc } from '@async/channels';
import { FixedBuffer, Repeater } from '@repeaterjs/repeater';
import { Effect, Fiber, Queue } from 'effect';
import { runSuite } from './harness';

const N = 1_000_000;
const CAPACITY = 1024;
const PRODUCERS = 4;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A growable power-of-two ring: the floor's buffer and its resolver queues. */
class Ring<T> {
  private items: (T | undefined)[] = [undefined, undefined, undefined, undefined];
  private head = 0;
  length = 0;
  push(item: T): void {
    if (this.length === this.items.length) {
      const old = this.items;
      this.items = [];
      for (let i = 0; i < old.length * 2; i++)
        this.items.push(i < old.length ? old[(this.head + i) & (old.length - 1)] : undefined);
      this.head = 0;
    }
    this.items[(this.head + this.length++) & (this.items.length - 1)] = item;
  }
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return item;
  }
}

const done = Promise.resolve();

/**
 * The floor: the simplest correct bounded queue, a ring buffer plus two resolver queues, with none of
 * our guarantees (no abort, no select, no close, no permits, no cancel safety).
 */
class FloorQueue<T> {
  private readonly buf = new Ring<T>();
  private readonly senders = new Ring<{ value: T; resolve: () => void }>();
  private readonly receivers = new Ring<(value: T) => void>();
  constructor(private readonly capacity: number) {}

  send(value: T): Promise<void> {
    if (this.receivers.length > 0) {
      this.receivers.shift()(value);
      return done;
    }
    if (this.buf.length < this.capacity) {
      this.buf.push(value);
      return done;
    }
    return new Promise<void>((resolve) => this.senders.push({ value, resolve }));
  }

  recv(): Promise<T> {
    if (this.buf.length > 0) {
      const value = this.buf.shift();
      if (this.senders.length > 0) {
        const sender = this.senders.shift();
        this.buf.push(sender.value);
        sender.resolve();
      }
      return Promise.resolve(value);
    }
    return new Promise<T>((resolve) => this.receivers.push(resolve));
  }
}

async function floor(producers: number, total: number): Promise<void> {
  const q = new FloorQueue<number>(CAPACITY);
  const per = total / producers;
  const produce = async () => {
    for (let i = 0; i < per; i++) await q.send(i);
  };
  const running = Array.from({ length: producers }, produce);
  let sum = 0;
  for (let i = 0; i < total; i++) sum += await q.recv();
  await Promise.all(running);
  if (sum < 0) throw new Error('unreachable');
}

/** Receives until the channel ends; returns the sum of the messages. */
async function drain(rx: mpsc.Receiver<number>): Promise<number> {
  let sum = 0;
  for (;;) {
    const v = await rx.recv();
    if (v === undefined) return sum;
    sum += v;
  }
}

async function ours(producers: number, total: number): Promise<void> {
  const [tx, rx] = mpsc.channel<number>(CAPACITY);
  const per = total / producers;
  const produce = async (sender: mpsc.Sender<number>) => {
    for (let i = 0; i < per; i++) await sender.send(i);
    sender.close();
  };
  const running = Array.from({ length: producers }, () => produce(tx.clone()));
  tx.close();
  const sum = await drain(rx);
  await Promise.all(running);
  if (sum !== (producers * per * (per - 1)) / 2) throw new Error(`lost messages: ${sum}`);
}

/**
 * Unbounded 1 → 1. `burst` is how many messages the producer sends synchronously before it yields an
 * event-loop turn, as a producer driven by I/O does; with `burst = total` it sends everything before the
 * consumer runs, and the run measures mostly the allocation of a million-slot buffer.
 */
async function oursUnbounded(total: number, burst: number): Promise<void> {
  const [tx, rx] = mpsc.unbounded<number>();
  const producer = (async () => {
    for (let i = 0; i < total; i++) {
      tx.send(i);
      if (i % burst === burst - 1) await turn();
    }
    tx.close();
  })();
  const sum = await drain(rx);
  await producer;
  if (sum !== (total * (total - 1)) / 2) throw new Error('lost messages');
}

async function nodeReadable(total: number): Promise<void> {
  let wake: (() => void) | undefined;
  const readable = new Readable({
    objectMode: true,
    highWaterMark: CAPACITY,
    read() {
      const w = wake;
      wake = undefined;
      w?.();
    },
  });
  const producer = (async () => {
    for (let i = 0; i < total; i++) {
      if (!readable.push(i)) await new Promise<void>((resolve) => (wake = resolve));
    }
    readable.push(null);
  })();
  let sum = 0;
  for await (const v of readable) sum += v as number;
  await producer;
  if (sum !== (total * (total - 1)) / 2) throw new Error('lost messages');
}

function effectQueue(producers: number, total: number): Promise<void> {
  const per = total / producers;
  return Effect.runPromise(
    Effect.gen(function* () {
      const q = yield* Queue.bounded<number>(CAPACITY);
      const fibers = [];
      for (let p = 0; p < producers; p++) {
        fibers.push(
          yield* Effect.fork(
            Effect.gen(function* () {
              for (let i = 0; i < per; i++) yield* Queue.offer(q, i);
            }),
          ),
        );
      }
      let sum = 0;
      for (let i = 0; i < total; i++) sum += yield* Queue.take(q);
      for (const f of fibers) yield* Fiber.join(f);
      if (sum !== (producers * per * (per - 1)) / 2) throw new Error('lost messages');
    }),
  );
}

async function repeater(total: number): Promise<void> {
  const source = new Repeater<number>(async (push, stop) => {
    for (let i = 0; i < total; i++) await push(i);
    stop();
  }, new FixedBuffer(CAPACITY));
  let sum = 0;
  for await (const v of source) sum += v;
  if (sum !== (total * (total - 1)) / 2) throw new Error('lost messages');
}

const RECEIVERS = 16;
const BROADCAST_N = 100_000;

async function oursBroadcast(): Promise<void> {
  const [tx, first] = broadcast<number>(CAPACITY);
  const receivers = [first, ...Array.from({ length: RECEIVERS - 1 }, () => tx.subscribe())];
  const running = receivers.map(async (rx) => {
    let count = 0;
    for (;;) {
      const v = await rx.recv();
      if (v === undefined) return count;
      count++;
    }
  });
  for (let i = 0; i < BROADCAST_N; i++) {
    tx.send(i);
    if ((i & 511) === 511) await turn(); // let the receivers drain before the ring wraps
  }
  tx.close();
  const counts = await Promise.all(running);
  if (counts.some((c) => c !== BROADCAST_N)) throw new Error(`lost messages: ${counts}`);
}

/** The floor for broadcast: one array per receiver, each drained by its own loop. */
async function floorBroadcast(): Promise<void> {
  const queues = Array.from({ length: RECEIVERS }, () => new FloorQueue<number>(CAPACITY));
  const running = queues.map(async (q) => {
    let count = 0;
    while ((await q.recv()) >= 0) count++;
    return count;
  });
  for (let i = 0; i < BROADCAST_N; i++) {
    for (const q of queues) void q.send(i);
    if ((i & 511) === 511) await turn();
  }
  for (const q of queues) void q.send(-1);
  const counts = await Promise.all(running);
  if (counts.some((c) => c !== BROADCAST_N)) throw new Error('lost messages');
}

await runSuite('channels', '@async/channels', [
  {
    name: `mpsc bounded 1 → 1, ${N.toLocaleString('en')} messages, capacity ${CAPACITY}`,
    ops: N,
    unit: 'msg',
    floor: 'floor (ring + resolvers)',
    rounds: 7,
    contenders: [
      { name: 'floor (ring + resolvers)', run: () => floor(1, N) },
      { name: '@async/channels mpsc.channel', run: () => ours(1, N), ours: true },
      { name: 'node Readable (objectMode)', run: () => nodeReadable(N) },
      { name: 'effect Queue.bounded', run: () => effectQueue(1, N) },
      { name: '@repeaterjs/repeater', run: () => repeater(N) },
    ],
  },
  {
    name: `mpsc bounded ${PRODUCERS} → 1, ${PRODUCERS} × ${(N / PRODUCERS).toLocaleString('en')} messages, capacity ${CAPACITY}`,
    ops: N,
    unit: 'msg',
    floor: 'floor (ring + resolvers)',
    rounds: 9,
    contenders: [
      { name: 'floor (ring + resolvers)', run: () => floor(PRODUCERS, N) },
      { name: '@async/channels mpsc.channel', run: () => ours(PRODUCERS, N), ours: true },
      { name: 'effect Queue.bounded', run: () => effectQueue(PRODUCERS, N) },
    ],
  },
  {
    name: `mpsc unbounded 1 → 1, ${N.toLocaleString('en')} messages (floor: the bounded floor)`,
    ops: N,
    unit: 'msg',
    floor: 'floor (ring + resolvers)',
    rounds: 9,
    contenders: [
      { name: 'floor (ring + resolvers)', run: () => floor(1, N) },
      {
        name: '@async/channels mpsc.unbounded (producer yields every 1,024)',
        run: () => oursUnbounded(N, 1024),
        ours: true,
      },
      {
        name: '@async/channels mpsc.unbounded (all sent before the consumer runs)',
        run: () => oursUnbounded(N, N),
        ours: true,
      },
    ],
  },
  {
    name: `broadcast 1 → ${RECEIVERS} receivers, ${BROADCAST_N.toLocaleString('en')} messages (ops = messages delivered)`,
    ops: RECEIVERS * BROADCAST_N,
    unit: 'msg',
    floor: 'floor (one queue per receiver)',
    rounds: 9,
    contenders: [
      { name: 'floor (one queue per receiver)', run: floorBroadcast },
      { name: '@async/channels broadcast', run: oursBroadcast, ours: true },
    ],
  },
]);
