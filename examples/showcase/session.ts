// One client's conversation with the server, the same for both modes: it reads the client's frames
// (racing them against an idle `Sleep` that every frame resets, and against the server's shutdown),
// applies the protocol's rules, and writes every answer through the client's outbox, a bounded
// `mpsc` that one writer task drains to the socket. Each joined room has a forwarding task that
// moves the room's broadcast messages into the outbox: when the client reads slowly the outbox
// fills, the forwarder waits, and the room's ring moves on without it, so the client lags (and is
// told by how much) while the server's memory stays where it was.
//
//   client ──frames──▶ session loop ──errors, welcome, joined…──┐
//                         │ say                                 ▼
//                         ▼                         outbox (mpsc, bounded) ──▶ writer ──▶ socket
//   room ring (broadcast) ──▶ forwarder (one per joined room) ──┘
import { type BroadcastReceiver, ChannelClosedError, LaggedError, mpsc } from '@async/channels';
import { type CancellationToken, type Clock, type JoinHandle, select, spawn } from '@async/core';
import { tokenBucket } from '@async/resilience';
import { sleep } from '@async/time';
import { type ClientFrame, type ErrorKind, MAX_BODY_LENGTH, type ServerFrame } from './protocol';
import type { MsgFrame, Room, Rooms } from './room';
import type { Counters } from './stats';
import type { Transport } from './transport';

/** What a session shares with the server, and the per-client limits. */
export interface SessionContext {
  readonly id: number;
  readonly rooms: Rooms;
  readonly counters: Counters;
  /** Cancelled when the server starts shutting down. */
  readonly draining: CancellationToken;
  readonly clock: Clock;
  readonly outboxCapacity: number;
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly idleTimeoutMs: number;
}

/** A joined room: the member's receiver and the task forwarding from it into the outbox. */
interface Membership {
  readonly room: Room;
  readonly receiver: BroadcastReceiver<MsgFrame>;
  readonly forwarder: JoinHandle<void>;
}

/**
 * Runs the session until the client says `bye`, goes away, stays idle for `idleTimeoutMs`, or `signal`
 * aborts (the server gave up on the connection); then ends every task it started and returns once the
 * writer has handed the last frame to the socket. During the server's shutdown the client gets a
 * `shutdown` frame, and frames other than `bye` are ignored while the rooms deliver what they hold.
 */
export async function runSession(
  transport: Transport,
  ctx: SessionContext,
  signal: AbortSignal,
): Promise<void> {
  const { counters, clock, idleTimeoutMs } = ctx;
  const [outbox, outgoing] = mpsc.channel<ServerFrame>(ctx.outboxCapacity);
  const writer = spawn((writerSignal) => writeFrames(outgoing, transport, counters, writerSignal), {
    signal,
  });
  const memberships = new Map<string, Membership>();
  const limiter = tokenBucket({ capacity: ctx.burst, refill: ctx.ratePerSecond, clock });
  const idle = sleep(idleTimeoutMs, { clock });
  let name: string | undefined;
  let draining = false;

  /** Queues `frame` for the writer; `false` once the writer is gone (the connection failed). */
  const send = (frame: ServerFrame): Promise<boolean> =>
    outbox.send(frame, { signal }).then(
      () => true,
      (e: unknown) => {
        if (ChannelClosedError.is(e)) return false;
        throw e;
      },
    );
  const refuse = (kind: ErrorKind, message: string, seq?: number): Promise<boolean> => {
    counters.refused[kind]++;
    return send(seq === undefined ? { t: 'error', kind, message } : { t: 'error', kind, message, seq });
  };
  const leave = (membership: Membership): void => {
    membership.forwarder.abort();
    memberships.delete(membership.room.name);
    ctx.rooms.leave(membership.room, membership.receiver);
  };

  /** Acts on one frame; `false` ends the session. */
  const handle = async (frame: ClientFrame): Promise<boolean> => {
    if (frame.t === 'bye') return false;
    if (draining) return true; // no new messages, joins or names while the server shuts down
    if (name === undefined) {
      if (frame.t !== 'hello') return refuse('bad_frame', `send hello first, got ${frame.t}`);
      name = frame.name;
      return send({ t: 'welcome', id: ctx.id, name });
    }
    switch (frame.t) {
      case 'hello':
        return refuse('bad_frame', `hello twice: you are ${name} already`);
      case 'join': {
        const known = memberships.get(frame.room);
        if (known !== undefined) return send({ t: 'joined', room: frame.room, members: known.room.members });
        const joined = ctx.rooms.join(frame.room);
        if (joined === undefined) return true; // the rooms closed: the server is shutting down
        const { room, receiver } = joined;
        // The receiver holds only what is said from now on, so the forwarder's first send comes after
        // `joined` is queued below (or waits behind it: the outbox serves waiting senders in order).
        const forwarder = spawn((taskSignal) => forward(room.name, receiver, outbox, taskSignal));
        memberships.set(room.name, { room, receiver, forwarder });
        return send({ t: 'joined', room: room.name, members: room.members });
      }
      case 'leave': {
        const membership = memberships.get(frame.room);
        if (membership === undefined) return refuse('not_joined', `you are not in ${frame.room}`);
        leave(membership);
        return send({ t: 'left', room: frame.room });
      }
      case 'say': {
        const membership = memberships.get(frame.room);
        if (membership === undefined) return refuse('not_joined', `you are not in ${frame.room}`, frame.seq);
        if (frame.body.length > MAX_BODY_LENGTH)
          return refuse('too_long', `body of ${frame.body.length} > ${MAX_BODY_LENGTH}`, frame.seq);
        if (!limiter.tryAcquire())
          return refuse('rate_limited', `at most ${ctx.ratePerSecond}/s, bursts of ${ctx.burst}`, frame.seq);
        membership.room.say(name, frame.seq, frame.sentAt, frame.body);
        return true;
      }
    }
  };

  const inbound = transport.inbound;
  let next = inbound.next(); // kept across iterations: a promise branch that loses is not cancelled
  try {
    for (;;) {
      const event = await select(
        { shutdown: !draining && ctx.draining, frame: next, idle },
        { biased: true, signal },
      );
      if (event.key === 'shutdown') {
        draining = true;
        if (!(await send({ t: 'shutdown' }))) break;
        continue;
      }
      if (event.key === 'idle') {
        await refuse('idle', `no frame for ${idleTimeoutMs} ms`);
        break;
      }
      if (event.value.done === true) break;
      idle.reset(clock.now() + idleTimeoutMs);
      next = inbound.next();
      const frame = event.value.value;
      const goOn =
        frame.t === 'unreadable'
          ? (await refuse(frame.kind, frame.message)) && frame.fatal !== true
          : await handle(frame);
      if (!goOn) break;
    }
  } finally {
    idle[Symbol.dispose]();
    const forwarders = [...memberships.values()].map((m) => m.forwarder);
    for (const membership of [...memberships.values()]) leave(membership);
    await Promise.allSettled(forwarders);
    outbox.close(); // the writer sends what is queued, then ends the writing side
    await writer.then(undefined, () => {});
  }
}

/**
 * Moves a room's messages into the outbox, waiting when it is full; a lag becomes a `lagged` frame
 * saying how many messages were skipped. Ends when the room closes, the outbox closes or `signal` aborts.
 */
async function forward(
  room: string,
  receiver: BroadcastReceiver<MsgFrame>,
  outbox: mpsc.Sender<ServerFrame>,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    let frame: ServerFrame | undefined;
    try {
      frame = await receiver.recv({ signal });
    } catch (e) {
      if (!LaggedError.is(e)) throw e;
      frame = { t: 'lagged', room, missed: e.skipped };
    }
    if (frame === undefined) return;
    try {
      await outbox.send(frame, { signal });
    } catch (e) {
      if (ChannelClosedError.is(e)) return; // the writer is gone: the connection failed
      throw e;
    }
  }
}

/**
 * The one task that writes to the socket: takes what the outbox holds (up to its capacity at a
 * time), feeds it to the codec and flushes once per batch. Ends the writing side when the outbox is
 * closed and empty; if the socket fails, closes the outbox so that every sender stops.
 */
async function writeFrames(
  outgoing: mpsc.Receiver<ServerFrame>,
  transport: Transport,
  counters: Counters,
  signal: AbortSignal,
): Promise<void> {
  try {
    for (;;) {
      const batch = await outgoing.recvMany(outgoing.maxCapacity, { signal });
      if (batch.length === 0) break;
      for (const frame of batch) {
        await transport.feed(frame, signal);
        counters.written(frame);
      }
      await transport.flush(signal);
    }
    await transport.close();
  } finally {
    outgoing.close();
  }
}
