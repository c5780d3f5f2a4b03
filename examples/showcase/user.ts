// One simulated user: a connection to the chat server, a reading task and a writing loop.
//
// The writer says something in one of its rooms at the user's rate (an `Interval`), now and then
// leaves a room for another, and at the end of the load waits for its own messages to come back, says
// `bye` and waits for the server to close. The reader takes every frame the server sends and feeds
// the tally and the invariant checks. Roles change one thing each:
// - `slow`: the reader stops reading for most of the load, so that the server lags it;
// - `vanish`: at a random moment it writes half a frame and destroys the socket;
// - `flood`: once, it says a body that is too long, says in a room it is not in, then says a burst
//   far beyond the server's rate limit, all of which the server must refuse one by one.

import { BytesMut, type Decoder, type Encoder, JsonCodec } from '@async/codec';
import { spawn } from '@async/core';
import { framed, TcpStream } from '@async/net';
import { type Barrier, Notify } from '@async/sync';
import { interval, sleep, timeout } from '@async/time';
import { DeliveryCheck, type InvariantLog } from './invariants';
import { type ClientFrame, MAX_BODY_LENGTH, MAX_FRAME_BYTES, type ServerFrame } from './protocol';
import type { Random } from './random';
import type { LoadTally } from './tally';

export type Role = 'steady' | 'slow' | 'vanish' | 'flood';

/** What one user does, decided up front from the seed. */
export interface UserPlan {
  /** Its name in `hello`, unique in the load: the `from` of its messages. */
  readonly name: string;
  readonly role: Role;
  /** The rooms it joins on connecting. */
  readonly rooms: readonly string[];
  /** Its own random source, for its choices as it goes. */
  readonly random: Random;
}

/** What every user of a load shares. */
export interface LoadContext {
  readonly addr: string;
  readonly allRooms: readonly string[];
  /** Messages per second per user. */
  readonly rate: number;
  readonly durationMs: number;
  readonly tally: LoadTally;
  readonly log: InvariantLog;
  /**
   * Every user waits here once connected (or having failed to), and so does the load: the talk starts
   * with every connection open, and no latency is measured over the storm of connections.
   */
  readonly started: Barrier;
  /** Aborted when the load is over: users stop saying, wait for their own messages, and leave. */
  readonly stop: AbortSignal;
}

/** Chance per tick that a user leaves one of its rooms and joins another. */
const CHURN = 0.02;
/**
 * A slow reader reads for the first 5–15 % of the load, then stops reading until the load is over.
 * It takes that long: before the server lags a reader, what the reader leaves unread fills the
 * server's buffers and the kernel's socket buffers on both sides, about 4 MB on Linux.
 */
const SLOW_READ = [0.05, 0.15] as const;
/** Messages a flooder says at once: far beyond any burst the server's rate limiter allows. */
const FLOOD_BURST = 60;
/**
 * The first second of talk warms the program up (the JIT compiles the hot paths, every queue grows
 * to its working size): its messages are checked like the others, but their latency is not recorded.
 */
const WARMUP_MS = 1000;
/** How long a user waits for its connection. */
const CONNECT_MS = 10_000;
/** How long a user waits, at the end, for its own messages to come back. */
const DRAIN_MS = 10_000;
/** How long a user waits for the server to close the connection after `bye`. */
const CLOSE_MS = 5_000;
/**
 * Message bodies are MAX_BODY_LENGTH / 4 to MAX_BODY_LENGTH characters of this text: long enough that
 * what a slow reader leaves unread reaches the server's lag within a default run.
 */
const FILLER = 'the quick brown fox jumps over the lazy dog; '.repeat(30).slice(0, MAX_BODY_LENGTH);

/** JSON frames as a client sees them: it decodes what the server sends and encodes what it sends. */
const codec = () =>
  new JsonCodec<ServerFrame | ClientFrame>({ maxFrameLength: MAX_FRAME_BYTES }) as Decoder<ServerFrame> &
    Encoder<ClientFrame>;
const now = () => performance.timeOrigin + performance.now();

/**
 * Runs one user until the load stops (or, for `vanish`, until it vanishes). Never throws: a failure
 * is counted in the tally's errors by kind. Aborting `signal` closes the connection at once.
 */
export async function runUser(plan: UserPlan, ctx: LoadContext, signal: AbortSignal): Promise<void> {
  const { tally } = ctx;
  let stream: TcpStream;
  try {
    stream = await TcpStream.connect(ctx.addr, { noDelay: true, timeout: CONNECT_MS, signal });
  } catch (error) {
    tally.connectFailures++;
    tally.error(`connect: ${errorKind(error)}`);
    await startTogether(ctx);
    return;
  }
  tally.connectionsOpened++;
  const closeNow = () => void stream.close();
  signal.addEventListener('abort', closeNow, { once: true });
  try {
    await new Session(plan, ctx, stream).run();
  } catch (error) {
    if (!signal.aborted) tally.error(errorKind(error));
  } finally {
    signal.removeEventListener('abort', closeNow);
    await stream.close();
    tally.connectionsClosed++;
  }
}

/** One user's connection, from `hello` to the server closing it. */
class Session {
  private readonly io;
  private readonly check: DeliveryCheck;
  private readonly random: Random;
  /** Rooms the user may say in (joined, not being left). */
  private readonly joined: string[] = [];
  /** Rooms whose `leave` was sent and whose `left` has not arrived: not to be joined again yet. */
  private readonly leaving = new Set<string>();
  /** Notified when an own message comes back, is refused or is excused by a lag. */
  private readonly accounted = new Notify();
  private seq = 0;
  /** Messages said from then on (by the clock of `sentAt`) have their latency recorded. */
  private measureFrom = Number.POSITIVE_INFINITY;
  /** The reading side has ended: the server closed the connection (or it broke). */
  private readEnded = false;
  private serverShutdown = false;
  private vanishing = false;

  constructor(
    private readonly plan: UserPlan,
    private readonly ctx: LoadContext,
    private readonly stream: TcpStream,
  ) {
    this.io = framed<ServerFrame, ClientFrame>(stream, codec());
    this.check = new DeliveryCheck(plan.name, ctx.log);
    this.random = plan.random;
  }

  async run(): Promise<void> {
    const { plan, ctx } = this;
    const reader = spawn(() => this.read(), { name: `${plan.name} reader` });
    try {
      await this.io.send({ t: 'hello', name: plan.name });
      for (const room of plan.rooms) await this.join(room);
      await startTogether(ctx);
      this.measureFrom = now() + WARMUP_MS;
      const polite = await this.talk();
      if (!polite) return;
      // The load is over: wait for our own messages, then say goodbye and let the server close.
      await timeout(DRAIN_MS, (signal) => this.drained(signal)).catch(() => ctx.tally.error('drain timeout'));
      await this.io.send({ t: 'bye' });
      await timeout(CLOSE_MS, reader).catch(() => ctx.tally.error('close timeout'));
      if (!this.serverShutdown) this.check.finish();
    } finally {
      if (!this.readEnded) await this.stream.close();
      await reader; // it never throws: it counts its failures
    }
  }

  /**
   * Says things at the user's rate until the load stops. Returns whether the connection is still up
   * for a polite ending (not if the user vanished or the server closed or shut it down).
   */
  private async talk(): Promise<boolean> {
    const { plan, ctx, random } = this;
    const period = 1000 / ctx.rate;
    const started = performance.now();
    const vanishAt = random.int(0.2 * ctx.durationMs, 0.8 * ctx.durationMs);
    let floodAt = plan.role === 'flood' ? random.int(0.3 * ctx.durationMs, 0.6 * ctx.durationMs) : Infinity;
    // Users start spread over one period, not all on the same millisecond.
    try {
      await sleep(random.next() * period, { signal: ctx.stop });
    } catch {
      // the load stopped before this user's first tick
    }
    const ticks = interval(period, { missedTick: 'delay' });
    while (!ctx.stop.aborted) {
      await ticks.tick({ signal: ctx.stop }).catch(() => undefined);
      if (ctx.stop.aborted) break;
      if (this.readEnded || this.serverShutdown) return false;
      const elapsed = performance.now() - started;
      if (plan.role === 'vanish' && elapsed >= vanishAt) {
        await this.vanish();
        return false;
      }
      if (elapsed >= floodAt) {
        floodAt = Infinity;
        await this.flood();
      } else if (this.joined.length === 0 || random.chance(CHURN)) {
        await this.churn();
      } else {
        await this.say(random.pick(this.joined));
      }
    }
    return !this.readEnded && !this.serverShutdown;
  }

  private async join(room: string): Promise<void> {
    this.check.joining(room);
    this.joined.push(room);
    this.ctx.tally.joins++;
    await this.io.send({ t: 'join', room });
  }

  /** Leaves a room none of whose own messages are on their way, and joins one it is not in. */
  private async churn(): Promise<void> {
    const { check, joined, random } = this;
    const leavable = joined.filter((room) => check.outstandingIn(room) === 0);
    if (leavable.length > 0 && joined.length > 0) {
      const room = random.pick(leavable);
      joined.splice(joined.indexOf(room), 1);
      this.leaving.add(room);
      this.ctx.tally.leaves++;
      await this.io.send({ t: 'leave', room });
    }
    const joinable = this.ctx.allRooms.filter((room) => !joined.includes(room) && !this.leaving.has(room));
    if (joinable.length > 0) await this.join(random.pick(joinable));
  }

  private sayFrame(room: string, body: string): ClientFrame {
    const seq = ++this.seq;
    this.check.said(room, seq);
    this.ctx.tally.sent++;
    return { t: 'say', room, seq, sentAt: now(), body };
  }

  private say(room: string): Promise<void> {
    return this.io.send(
      this.sayFrame(room, FILLER.slice(0, this.random.int(FILLER.length >> 2, FILLER.length))),
    );
  }

  /** A body too long, a room not joined, then a burst beyond the rate limit: all refused. */
  private async flood(): Promise<void> {
    const room = this.joined[0] ?? this.ctx.allRooms[0]!;
    await this.io.feed(this.sayFrame(room, 'x'.repeat(MAX_BODY_LENGTH + 1)));
    await this.io.feed(this.sayFrame('nowhere', 'is anyone here?'));
    for (let i = 0; i < FLOOD_BURST; i++) await this.io.feed(this.sayFrame(room, `flood ${i}`));
    await this.io.flush();
  }

  /** Writes the first half of a `say` frame and destroys the socket, as a crashing client would. */
  private async vanish(): Promise<void> {
    const room = this.joined[0] ?? this.ctx.allRooms[0]!;
    const bytes = new BytesMut();
    codec().encode(this.sayFrame(room, 'and then the client vanishes'), bytes);
    const frame = bytes.split();
    this.vanishing = true;
    await this.stream.writeAll(frame.subarray(0, frame.length >> 1));
    await this.stream.close();
    this.ctx.tally.vanished++;
  }

  /** Resolves once every own message came back, was refused, or is excused by a lag. */
  private async drained(signal: AbortSignal): Promise<void> {
    for (;;) {
      const next = this.accounted.notified({ signal });
      if (this.check.unaccounted() === 0 || this.readEnded) return;
      await next;
    }
  }

  /** Takes every frame the server sends, until it closes the connection. */
  private async read(): Promise<void> {
    const { plan, ctx, check } = this;
    const { tally } = ctx;
    const slow = plan.role === 'slow';
    const between = (range: readonly [number, number]) =>
      ctx.durationMs * (range[0] + this.random.next() * (range[1] - range[0]));
    let pauseAt = slow ? performance.now() + between(SLOW_READ) : Infinity;
    try {
      for await (const frame of this.io) {
        switch (frame.t) {
          case 'msg':
            tally.delivered++;
            // A slow reader's latencies are its own pause: only the others measure the server.
            if (!slow && frame.sentAt >= this.measureFrom) tally.latency.record(now() - frame.sentAt);
            check.message(frame.room, frame.n, frame.from, frame.seq);
            if (frame.from === plan.name) this.accounted.notifyWaiters();
            break;
          case 'lagged':
            tally.laggedNotices++;
            tally.missed += frame.missed;
            check.lagged(frame.room, frame.missed);
            this.accounted.notifyWaiters();
            break;
          case 'error':
            tally.refused[frame.kind] = (tally.refused[frame.kind] ?? 0) + 1;
            if (frame.seq !== undefined) check.refused(frame.seq);
            this.accounted.notifyWaiters();
            break;
          case 'left':
            check.left(frame.room);
            this.leaving.delete(frame.room);
            break;
          case 'shutdown':
            this.serverShutdown = true;
            break;
          case 'welcome':
          case 'joined':
            break;
          default:
            tally.error('protocol: unknown frame');
        }
        if (performance.now() >= pauseAt) {
          pauseAt = Infinity;
          try {
            await sleep(ctx.durationMs, { signal: ctx.stop });
          } catch {
            // the load is over: read what piled up, so that the user can drain and leave
          }
        }
      }
      if (!this.vanishing && !ctx.stop.aborted && !this.serverShutdown) tally.dropped++;
    } catch (error) {
      if (!this.vanishing) {
        tally.error(errorKind(error));
        if (!ctx.stop.aborted) tally.dropped++;
      }
    } finally {
      this.readEnded = true;
      this.accounted.notifyWaiters();
    }
  }
}

/** Waits for every user to be connected, unless the load stops first. */
async function startTogether(ctx: LoadContext): Promise<void> {
  try {
    await ctx.started.wait({ signal: ctx.stop });
  } catch {
    // the load stopped (Ctrl-C) while users were still connecting
  }
}

/** A short name for an error's kind: its code, else its class name. */
function errorKind(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : typeof error;
}
