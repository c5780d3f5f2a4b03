// The invariants the load checks, and the per-connection bookkeeping that checks the first two as
// frames arrive (the third, every connection closed, is counted by the load itself):
//
// 1. No message lost to a client that was not lagging. In each room a receiver sees `n` go up by
//    exactly 1, except right after `lagged` frames for that room, whose `missed` add up to the gap.
//    And every `say` a sender made comes back to it, unless the server refused it (an `error` frame
//    naming its `seq`) or the sender itself lagged in that room by at least as many messages.
// 2. Per-room order kept: `n` strictly increases, and so does each sender's `seq` within a room.
// 3. Every connection closed at the end.

export const INVARIANTS = {
  delivery: 'no message lost to a client that was not lagging',
  order: 'per-room order kept',
  closed: 'every connection closed at the end',
} as const;

export type Invariant = keyof typeof INVARIANTS;

/** One invariant's outcome. */
export interface InvariantResult {
  readonly invariant: Invariant;
  readonly description: string;
  readonly held: boolean;
  /** How many things were checked (deliveries, says, connections). */
  readonly checked: number;
  readonly violations: number;
  /** The first few violations, as sentences. */
  readonly examples: readonly string[];
}

const EXAMPLES_KEPT = 5;

/** Violations of every invariant, from all connections. */
export class InvariantLog {
  private readonly entries = new Map<Invariant, { checked: number; violations: number; examples: string[] }>(
    (Object.keys(INVARIANTS) as Invariant[]).map((k) => [k, { checked: 0, violations: 0, examples: [] }]),
  );

  /** Counts `count` checks of `invariant` that were made. */
  checked(invariant: Invariant, count = 1): void {
    this.entries.get(invariant)!.checked += count;
  }

  violate(invariant: Invariant, detail: string): void {
    const entry = this.entries.get(invariant)!;
    entry.violations++;
    if (entry.examples.length < EXAMPLES_KEPT) entry.examples.push(detail);
  }

  get held(): boolean {
    return [...this.entries.values()].every((e) => e.violations === 0);
  }

  results(): InvariantResult[] {
    return [...this.entries].map(([invariant, e]) => ({
      invariant,
      description: INVARIANTS[invariant],
      held: e.violations === 0,
      checked: e.checked,
      violations: e.violations,
      examples: [...e.examples],
    }));
  }
}

/** A receiver's view of one room since it (last) asked to join it. */
class RoomView {
  /** The last `n` received; `undefined` until the first message. */
  lastN: number | undefined = undefined;
  /** `missed` of `lagged` frames since the last message: the gap the next message may have. */
  pendingMissed = 0;
  /** Each sender's last `seq` in this room. */
  readonly lastSeq = new Map<string, number>();
}

/**
 * The invariant bookkeeping of one connection: what it received per room, and the `say`s it made
 * that have not come back yet. Feed it every frame (and every `join` and `say` as it is sent); call
 * {@link finish} once the connection ended politely, after its last message came back.
 */
export class DeliveryCheck {
  private readonly rooms = new Map<string, RoomView>();
  /** `missed` per room over the whole connection, which excuses own messages that never came back. */
  private readonly missedIn = new Map<string, number>();
  /** Own `say`s not yet echoed nor refused: seq → room. */
  private readonly outstanding = new Map<number, string>();
  private readonly refusedSeqs = new Set<number>();

  constructor(
    /** The connection's user name, the `from` of its own messages. */
    readonly name: string,
    private readonly log: InvariantLog,
  ) {}

  /** Own `say`s of `room` still on their way. */
  outstandingIn(room: string): number {
    let count = 0;
    for (const r of this.outstanding.values()) if (r === room) count++;
    return count;
  }

  /**
   * Own `say`s still awaited: those on their way beyond what lagging excuses (a connection that was
   * told it missed m messages of a room may never see m of its own there).
   */
  unaccounted(): number {
    let total = 0;
    for (const [room, count] of this.outstandingPerRoom())
      total += Math.max(0, count - (this.missedIn.get(room) ?? 0));
    return total;
  }

  /** A `join` was sent: the room's messages start afresh (its first `n` can be anything). */
  joining(room: string): void {
    this.rooms.set(room, new RoomView());
  }

  /** A `left` arrived: no more messages of the room may come. */
  left(room: string): void {
    this.rooms.delete(room);
  }

  said(room: string, seq: number): void {
    this.outstanding.set(seq, room);
  }

  /** An `error` frame naming `seq`: that `say` was refused and must not come back. */
  refused(seq: number): void {
    this.outstanding.delete(seq);
    this.refusedSeqs.add(seq);
  }

  lagged(room: string, missed: number): void {
    const view = this.rooms.get(room);
    if (view !== undefined) view.pendingMissed += missed;
    this.missedIn.set(room, (this.missedIn.get(room) ?? 0) + missed);
  }

  message(room: string, n: number, from: string, seq: number): void {
    const log = this.log;
    log.checked('delivery');
    log.checked('order');
    const view = this.rooms.get(room);
    if (view === undefined) {
      log.violate('order', `${this.name} got message n=${n} of ${room}, a room it had not joined`);
      return;
    }
    const last = view.lastN;
    if (last !== undefined) {
      if (n <= last) {
        log.violate('order', `${this.name} got n=${n} of ${room} after n=${last}`);
        return;
      }
      const gap = n - last - 1;
      if (gap !== view.pendingMissed) {
        log.violate(
          'delivery',
          view.pendingMissed === 0
            ? `${this.name} missed ${gap} message(s) of ${room} (n=${last} → ${n}) with no lagged notice`
            : `${this.name} missed ${gap} message(s) of ${room} (n=${last} → ${n}) but was told ${view.pendingMissed}`,
        );
      }
    }
    view.lastN = n;
    view.pendingMissed = 0;
    const lastSeq = view.lastSeq.get(from);
    if (lastSeq !== undefined && seq <= lastSeq) {
      log.violate('order', `${this.name} got ${from}'s seq ${seq} in ${room} after seq ${lastSeq}`);
    }
    view.lastSeq.set(from, seq);
    if (from === this.name) {
      if (this.refusedSeqs.has(seq)) {
        log.violate(
          'delivery',
          `${this.name}'s say seq ${seq} in ${room} was refused and delivered all the same`,
        );
      }
      this.outstanding.delete(seq);
    }
  }

  /**
   * The connection ended politely: every own `say` not refused must have come back, except as many per
   * room as the connection was told it missed there.
   */
  finish(): void {
    for (const [room, count] of this.outstandingPerRoom()) {
      const excused = this.missedIn.get(room) ?? 0;
      if (count > excused) {
        this.log.violate(
          'delivery',
          `${count} of ${this.name}'s says in ${room} never came back` +
            (excused > 0 ? ` (it lagged there by only ${excused})` : ''),
        );
      }
    }
  }

  private outstandingPerRoom(): Map<string, number> {
    const perRoom = new Map<string, number>();
    for (const room of this.outstanding.values()) perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
    return perRoom;
  }
}
