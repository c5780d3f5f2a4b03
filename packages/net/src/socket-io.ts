/**
 * The byte engine under every stream of this package: reads and writes over a Node `Socket`, with
 * tokio's semantics and a bound on every buffer.
 *
 * # Implementation notes
 *
 * **Reading** keeps the chunks Node delivers (the head chunk and a read offset into it, then a queue)
 * and pauses the socket once `READ_BUFFER` bytes (or more, when a waiting `readExact(n)` /
 * `readToEnd` needs more) are buffered, so a peer that sends faster than we read fills the kernel's
 * window, not our memory. Waiting reads form one FIFO queue; only its head is served, and a read
 * takes its bytes in one synchronous step once all of them are there. So a read that is aborted while
 * it waits has consumed nothing: every read here is cancel safe, `readExact` included (tokio's
 * `read_exact` is not, because it copies as bytes arrive). A read that can complete at once does so
 * without queueing, and a waiting read is completed from the `'data'` event itself, with no promise
 * in between; `framed`'s source ({@link ReadOp} reused, see `framed.ts`) takes buffered chunks
 * synchronously, so the frames already received are decoded in one go.
 *
 * **Writing** hands the socket the caller's bytes without copying, at most 64 KiB per step, and only
 * while the socket holds none of our earlier bytes (`writableLength === 0`). Usually the kernel takes
 * the piece at once and the call completes synchronously, with no promise made. When the kernel takes
 * only a part, Node keeps a reference to the piece until the rest is written; the call then waits
 * until it is (an empty write queued behind the piece calls `onReleased`), and so does every later
 * write. So a caller may reuse its array once the call resolved, and the socket's user-space buffer
 * holds at most one piece whatever the caller does: the kernel's buffer is the write buffer, as in
 * tokio. `write`, which is cancel safe, copies its piece instead: handing it over is then the whole
 * of its effect. Writes pass the socket no callback: with one, Node schedules a tick per write even
 * when the kernel took the bytes at once. (In CPU profiles of the bench, the copy took about a fifth
 * of the echo's time, and the tick per write was the largest cost of Node's own in framed
 * request/response.)
 */
import type { Socket } from 'node:net';
import { ArrayQueue, dequeue, unwatchAbort, Waiter, WaitQueue, watchAbort } from '@async/core/protocol';
import {
  fromNodeError,
  MaxBytesExceededError,
  type NetError,
  SocketClosedError,
  UnexpectedEofError,
} from './errors';

/** How many unread bytes make the socket pause (unless a waiting read needs more). */
const READ_BUFFER = 64 * 1024;

/** The most bytes handed to the socket in one step: Node's own read size. */
const WRITE_PIECE = 64 * 1024;

/** Read kinds. */
const SOME = 0; // read(buf): at least one byte, or 0 at the end
const EXACT = 1; // readExact(n)
const TO_END = 2; // readToEnd(maxBytes)
const CHUNK = 3; // next(): the buffered bytes as they came, or the end

/** Write kinds. */
const WRITE = 0; // write: one copied piece, resolves with its size
const WRITE_ALL = 1; // writeAll: pieces until the chunk is written, resolves once the socket let go of it
const FLUSH = 2;
const SHUTDOWN = 3;
const WRITE_OWNED = 4; // bytes the socket may keep (framed's encoded buffer): resolves once handed over

/** Options of every read and write: `signal` stops the wait with `signal.reason`. */
export interface IoOptions {
  /** Stops the wait with `signal.reason` (see each method's cancel safety). */
  readonly signal?: AbortSignal;
}

const EMPTY = new Uint8Array(0);
const RESOLVED: Promise<never> = Promise.resolve() as Promise<never>;
/** What `attempt` returns for a read that has to wait. */
const WAIT: unique symbol = Symbol('wait');
const END: IteratorResult<never> = Object.freeze({ value: undefined, done: true });
/** `failure` of a connection closed without a FIN (see `failureError`). */
const CLOSED: unique symbol = Symbol('closed');

/** A read waiting in a stream's queue; how it completes is up to the subclass. */
export abstract class ReadOp extends Waiter {
  readonly io: SocketIo;
  readonly kind: number;
  readonly n: number;
  readonly buf: Uint8Array | undefined;
  constructor(io: SocketIo, kind: number, n: number, buf: Uint8Array | undefined) {
    super();
    this.io = io;
    this.kind = kind;
    this.n = n;
    this.buf = buf;
  }
  /** The read took its bytes: `value` is what it resolves with. */
  abstract complete(value: unknown): void;
  /** The read failed, or its signal aborted. */
  abstract fail(error: unknown): void;
  onAbort(reason: unknown): void {
    this.io.withdraw(this);
    this.fail(reason);
  }
}

/** A read of the public API: a promise. */
class PromiseRead extends ReadOp {
  resolve: (value: never) => void = noop;
  reject: (e: unknown) => void = noop;
  complete(value: unknown): void {
    this.resolve(value as never);
  }
  fail(error: unknown): void {
    this.reject(error);
  }
}

class WriteOp extends Waiter {
  /** Bytes of `chunk` handed to the socket. */
  offset = 0;
  done = false;
  readonly kind: number;
  readonly chunk: Uint8Array;
  resolve: (value: never) => void = noop;
  reject: (e: unknown) => void = noop;
  constructor(kind: number, chunk: Uint8Array) {
    super();
    this.kind = kind;
    this.chunk = chunk;
  }
  onAbort(reason: unknown): void {
    dequeue(this);
    this.settle(reason, true);
  }
  settle(value: unknown, failed: boolean): void {
    if (this.done) return;
    this.done = true;
    unwatchAbort(this);
    if (failed) this.reject(value);
    else this.resolve(value as never);
  }
}

export class SocketIo {
  readonly socket: Socket;
  /** The peer's `host:port`, for error messages. */
  readonly address: string;
  private readonly readers = new WaitQueue<ReadOp>();
  private readonly writers = new WaitQueue<WriteOp>();
  /** The oldest unread chunk, of which `headOffset` bytes were read; the later ones in `rest`. */
  private head: Uint8Array | undefined = undefined;
  private headOffset = 0;
  private readonly rest = new ArrayQueue<Uint8Array>();
  private buffered = 0;
  private paused = false;
  /** The peer ended its side (FIN), or the socket closed. */
  private ended = false;
  /** `shutdown()` or `close()` was called: no more writes. */
  private writeClosed = false;
  /**
   * Why the connection failed: an error, or `CLOSED` for a close without a FIN (by `close()`), whose
   * error is made only when a call needs it (`failureError`): a connection closed with no call waiting
   * costs no error object, whose stack Node would capture.
   */
  private failure: NetError | typeof CLOSED | undefined = undefined;
  private closedPromise: Promise<void> | undefined = undefined;
  /** The promise a waiting read or write is being created for (see `executor`). */
  private pending: PromiseRead | WriteOp | undefined = undefined;

  constructor(socket: Socket, address: string) {
    this.socket = socket;
    this.address = address;
    this.releasedByEachWrite = (socket as { encrypted?: boolean }).encrypted === true;
    socket.on('data', (chunk: Uint8Array) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (e) => this.onError(e));
    socket.on('close', () => this.onClose());
    if (socket.destroyed) this.onClose();
    else socket.resume();
  }

  /** Fills in the resolvers of `pending`: one function for every promise, no closure per call. */
  private readonly executor = (resolve: (value: never) => void, reject: (e: unknown) => void): void => {
    const op = this.pending!;
    this.pending = undefined;
    op.resolve = resolve;
    op.reject = reject;
  };

  // ---- reading ----

  read(kind: number, n: number, buf: Uint8Array | undefined, options: IoOptions | undefined): Promise<never> {
    if (this.readers.size === 0) {
      let value: unknown;
      try {
        value = this.attempt(kind, n, buf);
      } catch (e) {
        return Promise.reject(e);
      }
      if (value !== WAIT) return Promise.resolve(value as never);
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const op = new PromiseRead(this, kind, n, buf);
    this.pending = op;
    const promise = new Promise<never>(this.executor);
    this.readers.push(op);
    if (signal !== undefined) watchAbort(op, signal);
    this.updateFlow();
    return promise;
  }

  /**
   * `framed`'s read of the next chunk: the chunk (or the end) at once when there is one and no other
   * read waits; otherwise `op` joins the queue and `undefined` is returned. Throws the failure.
   */
  readChunk(op: ReadOp): IteratorResult<Uint8Array> | undefined {
    if (this.readers.size === 0) {
      const value = this.attempt(CHUNK, 0, undefined);
      if (value !== WAIT) return value as IteratorResult<Uint8Array>;
    }
    this.readers.push(op);
    this.updateFlow();
    return undefined;
  }

  /** Takes `op` out of the queue of reads (the next one may be servable now); returns whether it was in. */
  withdraw(op: ReadOp): boolean {
    const wasHead = this.readers.peek() === op;
    if (!this.readers.remove(op)) return false;
    if (wasHead) this.serveReaders();
    return true;
  }

  /**
   * Completes a read now if it can: returns what it resolves with, or `WAIT`. Throws what it rejects
   * with.
   */
  private attempt(kind: number, n: number, buf: Uint8Array | undefined): unknown {
    const have = this.buffered;
    switch (kind) {
      case SOME:
        if (have > 0 || buf!.length === 0) return this.copyOut(buf!);
        break;
      case CHUNK:
        if (have > 0) return { value: this.takeChunk(), done: false };
        if (this.ended && this.failure === undefined) return END;
        break;
      case EXACT:
        if (have >= n) return this.take(n);
        if (this.ended && this.failure === undefined) throw new UnexpectedEofError(n, have, this.address);
        break;
      case TO_END:
        if (have > n) throw new MaxBytesExceededError(n, this.address);
        if (this.ended && this.failure === undefined) return this.take(have);
        break;
    }
    if (this.failure !== undefined) throw this.failureError();
    if (this.ended && kind === SOME) return 0;
    return WAIT;
  }

  /** Serves waiting reads in order while the head one can complete. */
  private serveReaders(): void {
    for (let op = this.readers.peek(); op !== undefined; op = this.readers.peek()) {
      let value: unknown;
      try {
        value = this.attempt(op.kind, op.n, op.buf);
      } catch (e) {
        this.readers.shift();
        unwatchAbort(op);
        op.fail(e);
        continue;
      }
      if (value === WAIT) break;
      this.readers.shift();
      unwatchAbort(op);
      op.complete(value);
    }
    this.updateFlow();
  }

  /** Pauses the socket while enough is buffered for every waiting read, resumes it otherwise. */
  private updateFlow(): void {
    if (this.ended) return;
    const head = this.readers.peek();
    const need = head === undefined || head.kind === SOME || head.kind === CHUNK ? 0 : head.n + 1;
    const limit = Math.max(READ_BUFFER, need);
    if (this.buffered >= limit) {
      if (!this.paused) {
        this.paused = true;
        this.socket.pause();
      }
    } else if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private onData(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.head === undefined) this.head = chunk;
    else this.rest.push(chunk);
    this.buffered += chunk.length;
    if (this.readers.size > 0) this.serveReaders();
    else this.updateFlow();
  }

  private onEnd(): void {
    this.ended = true;
    this.serveReaders();
  }

  private onError(error: unknown): void {
    if (this.failure === undefined || this.failure === CLOSED)
      this.failure = fromNodeError(error, this.address);
    this.failAll();
  }

  private onClose(): void {
    if (!this.ended) {
      this.ended = true;
      // Closed without a FIN: by `close()`, or by a failure already recorded.
      this.failure ??= CLOSED;
    }
    this.writeClosed = true;
    this.failAll();
  }

  private failAll(): void {
    this.serveReaders();
    if (this.writers.size === 0) return;
    const failure = this.failure === undefined ? this.closedError() : this.failureError();
    for (let op = this.writers.shift(); op !== undefined; op = this.writers.shift()) op.settle(failure, true);
  }

  /** The error of a failed connection, made on first need for a close without a FIN. */
  private failureError(): NetError {
    if (this.failure === CLOSED) this.failure = this.closedError();
    return this.failure!;
  }

  private closedError(): SocketClosedError {
    return new SocketClosedError('the connection was closed', this.address);
  }

  /** The head chunk is read: the next one moves up. */
  private dropHead(): void {
    this.head = this.rest.shift();
    this.headOffset = 0;
  }

  /** The unread bytes of the head chunk, as they came. */
  private takeChunk(): Uint8Array {
    const head = this.head!;
    const out = this.headOffset === 0 ? head : head.subarray(this.headOffset);
    this.buffered -= out.length;
    this.dropHead();
    return out;
  }

  /** `n` bytes (at most `buffered`): a view of the head chunk when it holds them all, else a copy. */
  private take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const head = this.head!;
    const start = this.headOffset;
    if (head.length - start < n) {
      const out = new Uint8Array(n);
      this.copyOut(out);
      return out;
    }
    this.buffered -= n;
    if (start + n === head.length) this.dropHead();
    else this.headOffset = start + n;
    return head.subarray(start, start + n);
  }

  /** Moves up to `out.length` buffered bytes into `out`; returns how many. */
  private copyOut(out: Uint8Array): number {
    let written = 0;
    while (written < out.length && this.head !== undefined) {
      const head = this.head;
      const m = Math.min(head.length - this.headOffset, out.length - written);
      out.set(head.subarray(this.headOffset, this.headOffset + m), written);
      written += m;
      this.buffered -= m;
      if (this.headOffset + m === head.length) this.dropHead();
      else this.headOffset += m;
    }
    return written;
  }

  // ---- writing ----

  write(kind: number, chunk: Uint8Array, options: IoOptions | undefined): Promise<never> {
    const refused = this.writeRefusal();
    if (refused !== undefined) return Promise.reject(refused);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const socket = this.socket;
    if (this.writers.size === 0 && socket.writableLength === 0) {
      // The socket is free: act now, and wait only if it keeps the caller's bytes.
      switch (kind) {
        case WRITE:
          return Promise.resolve(this.writeCopy(chunk) as never);
        case FLUSH:
          return RESOLVED;
        case WRITE_ALL:
          if (chunk.length > WRITE_PIECE) break;
          if (this.hand(chunk)) return RESOLVED;
          return this.enqueue(kind, chunk, chunk.length, signal);
      }
    }
    if (kind === SHUTDOWN) this.writeClosed = true;
    return this.enqueue(kind, chunk, 0, signal);
  }

  /**
   * `framed`'s write of its encoded buffer, which the socket may keep: `undefined` once handed over
   * at once (the usual case), else a promise that settles when it is, or rejects with the failure.
   */
  writeOwned(chunk: Uint8Array): Promise<never> | undefined {
    const refused = this.writeRefusal();
    if (refused !== undefined) return Promise.reject(refused);
    if (this.writers.size === 0 && this.socket.writableLength === 0 && chunk.length <= WRITE_PIECE) {
      this.hand(chunk);
      return undefined;
    }
    return this.enqueue(WRITE_OWNED, chunk, 0, undefined);
  }

  /** Why a write must be refused now, if it must. */
  private writeRefusal(): NetError | undefined {
    if (this.failure !== undefined) return this.failureError();
    if (this.writeClosed || this.socket.destroyed) {
      return new SocketClosedError('write after shutdown or close', this.address);
    }
    return undefined;
  }

  private enqueue(
    kind: number,
    chunk: Uint8Array,
    handed: number,
    signal: AbortSignal | undefined,
  ): Promise<never> {
    const op = new WriteOp(kind, chunk);
    op.offset = handed;
    this.pending = op;
    const promise = new Promise<never>(this.executor);
    this.writers.push(op);
    this.serveWriters();
    if (!op.done && signal !== undefined) watchAbort(op, signal);
    return promise;
  }

  /** Hands the socket a copy of (the first piece of) `chunk`; returns the bytes handed. */
  private writeCopy(chunk: Uint8Array): number {
    const piece = Math.min(chunk.length, WRITE_PIECE);
    this.hand(Buffer.from(chunk.subarray(0, piece)));
    return piece;
  }

  /**
   * Writes `bytes` to the socket; returns whether the kernel took them all at once. If it did not,
   * the socket keeps them (and a reference to their memory) until the rest is written: an empty
   * write queued behind them tells `onReleased` when that happened.
   */
  private hand(bytes: Uint8Array): boolean {
    const socket = this.socket;
    if (this.releasedByEachWrite) {
      socket.write(bytes, this.onReleased);
      return socket.writableLength === 0;
    }
    socket.write(bytes);
    if (socket.writableLength === 0) return true;
    if (!this.releaseWatched) {
      this.releaseWatched = true;
      socket.write(EMPTY, this.onReleased);
    }
    return false;
  }

  /** An empty write is queued behind bytes the socket kept (see `hand`). */
  private releaseWatched = false;

  /**
   * A TLS socket learns of its release from every write's callback instead: on Deno an empty write
   * to a TLS socket fails (EPERM) and destroys it. TLS pays a tick per write that plain TCP does not.
   */
  private readonly releasedByEachWrite: boolean;

  /** The socket wrote every byte it kept: the waiting writes may go on. */
  private readonly onReleased = (): void => {
    this.releaseWatched = false;
    if (this.writers.size > 0 && this.failure === undefined) this.serveWriters();
  };

  /** Runs queued writes, oldest first, while the socket holds none of our bytes. */
  private serveWriters(): void {
    const socket = this.socket;
    for (let op = this.writers.peek(); op !== undefined; op = this.writers.peek()) {
      if (socket.writableLength > 0) return; // `onReleased` comes back
      switch (op.kind) {
        case WRITE:
          this.writers.shift();
          op.settle(this.writeCopy(op.chunk), false);
          break;
        case WRITE_ALL:
        case WRITE_OWNED: {
          const length = op.chunk.length;
          if (op.offset === length) {
            // Everything handed, and the socket let go of it.
            this.writers.shift();
            op.settle(undefined, false);
            break;
          }
          const end = Math.min(op.offset + WRITE_PIECE, length);
          this.hand(op.chunk.subarray(op.offset, end));
          op.offset = end;
          if (end === length && op.kind === WRITE_OWNED) {
            this.writers.shift();
            op.settle(undefined, false);
          }
          break;
        }
        case FLUSH:
          this.writers.shift();
          op.settle(undefined, false);
          break;
        case SHUTDOWN:
          this.writers.shift();
          socket.end(() => op.settle(undefined, false));
          break;
      }
    }
  }

  // ---- closing ----

  /** Destroys the socket; resolves once Node released it. */
  close(): Promise<void> {
    if (this.closedPromise === undefined) {
      // Closed by us before the peer's end: reads fail, whatever the runtime emits while it
      // destroys the socket (Bun emits 'end', which would look like the peer's clean end).
      if (!this.ended) this.failure ??= new SocketClosedError('the connection was closed', this.address);
      const socket = this.socket;
      this.closedPromise = socket.closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
    }
    return this.closedPromise;
  }
}

function noop(): void {}

export const ReadKind = { SOME, EXACT, TO_END, CHUNK } as const;
export const WriteKind = { WRITE, WRITE_ALL, FLUSH, SHUTDOWN } as const;
