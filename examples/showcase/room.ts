// A room: one `broadcast` channel whose sender stays with the room and whose receivers belong to the
// members. The ring has a fixed capacity, so a member that reads slowly lags (its next receive says
// how many messages it missed) instead of making the server hold more messages for it.
import { type BroadcastReceiver, type BroadcastSender, broadcast } from '@async/channels';
import type { ServerFrame } from './protocol';

/** A message of a room, as every member receives it. */
export type MsgFrame = Extract<ServerFrame, { t: 'msg' }>;

export class Room {
  /** Members now: receivers handed out by `join` and not yet given back to `leave`. */
  members = 0;
  /** Messages said in the room since it was created; also the last `n` assigned. */
  messages = 0;
  private readonly sender: BroadcastSender<MsgFrame>;
  private open = true;

  constructor(
    readonly name: string,
    capacity: number,
  ) {
    const [sender, first] = broadcast<MsgFrame>(capacity);
    first.close(); // members subscribe on their own; this one would only hold the ring's messages
    this.sender = sender;
  }

  /** A receiver of every message said from now on. */
  join(): BroadcastReceiver<MsgFrame> {
    this.members++;
    return this.sender.subscribe();
  }

  /** Gives back a receiver of `join`; returns whether the room is now empty. */
  leave(receiver: BroadcastReceiver<MsgFrame>): boolean {
    receiver.close();
    return --this.members === 0;
  }

  /**
   * Says `body` to every member, the sender included, numbered with the room's next `n`. Synchronous:
   * the message is in the ring when this returns, so the order of `say` calls is the order of `n`.
   * Once the room is closed, does nothing.
   */
  say(from: string, seq: number, sentAt: number, body: string): void {
    if (!this.open) return; // the server is shutting down: no new messages
    const n = ++this.messages;
    this.sender.send({ t: 'msg', room: this.name, n, from, seq, sentAt, body });
  }

  /** Ends the room: members read what the ring still holds, then the end. */
  close(): void {
    this.open = false;
    this.sender.close();
  }
}

/** The rooms that have members, by name: a room is made by its first join and dropped by its last leave. */
export class Rooms {
  private readonly byName = new Map<string, Room>();
  private closed = false;

  constructor(private readonly capacity: number) {}

  /** A receiver of `name`'s messages (making the room if needed), or `undefined` once the rooms are closed. */
  join(name: string): { room: Room; receiver: BroadcastReceiver<MsgFrame> } | undefined {
    if (this.closed) return undefined;
    let room = this.byName.get(name);
    if (room === undefined) this.byName.set(name, (room = new Room(name, this.capacity)));
    return { room, receiver: room.join() };
  }

  leave(room: Room, receiver: BroadcastReceiver<MsgFrame>): void {
    if (room.leave(receiver) && this.byName.get(room.name) === room) {
      this.byName.delete(room.name);
      room.close();
    }
  }

  get(name: string): Room | undefined {
    return this.byName.get(name);
  }

  /** Every room now, for the statistics. */
  list(): IterableIterator<Room> {
    return this.byName.values();
  }

  /** No more joins or messages: every member reads what its ring holds, then the end. */
  close(): void {
    this.closed = true;
    for (const room of this.byName.values()) room.close();
  }
}
