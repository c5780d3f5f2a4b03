/**
 * The byte engine under every stream of this package: reads and writes over a Node `Socket`, with
 * tokio's semantics and a bound on every buffer.
 *
 * # Implementation notes
 *
 * **Reading** keeps the chunks Node delivers in a queue and pauses the socket once `READ_BUFFER`
 * bytes (or more, when a waiting `readExact(n)` / `readToEnd` needs more) are buffered, so a peer
 * that sends faster than we read fills the kernel's window, not our memory. Waiting reads form one
 * FIFO queue; only its head is served, and a read takes its bytes in one synchronous step once all of
 * them are there. So a read that is aborted while it waits has consumed nothing: every read here is
 * cancel safe, `readExact` included (tokio's `read_exact` is not, because it copies as bytes arrive).
 *
 * **Writing** hands the socket at most 64 KiB per step, and only while the socket does not ask for a
 * drain; otherwise the call waits (FIFO) for `'drain'`. So the socket's user-space buffer stays below
 * its high-water mark plus 64 KiB whatever the caller does. (Pieces of the high-water mark itself cost
 * a quarter of the echo throughput in the bench; 64 KiB pieces match Node's own read size.) The bytes are copied
 * into the socket's buffer, so a caller may reuse its array once the call resolved.
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

/**
 * The most bytes handed to the socket in one step. With the socket's high-water mark (16 KiB by
 * default) it bounds what waits in user space: at most the mark plus one piece.
 */
const WRITE_PIECE = 64 * 1024;

/** Read kinds. */
const SOME = 0; // read(buf): at least one byte, or 0 at the end
const EXACT = 1; // readExact(n)
const TO_END = 2; // readToEnd(maxBytes)
const CHUNK = 3; // next(): the buffered bytes as they came, or the end

/** Write kinds. */
const WRITE = 0; // write: one piece, resolves with its size
const WRITE_ALL = 1; // writeAll: pieces until the chunk is written
const FLUSH = 2;
const SHUTDOWN = 3;

/** Options of every read and write: `signal` stops the wait with `signal.reason`. */
export interface IoOptions {
  /** Stops the wait with `signal.reason` (see each method's cancel safety). */
  readonly signal?: AbortSignal;
}

const EMPTY = new Uint8Array(0);

class ReadOp extends Waiter {
  constructor(
    readonly io: SocketIo,
    readonly kind: number,
    readonly n: number,
    readonly buf: Uint8Array | undefined,
    readonly resolve: (value: never) => void,
    readonly reject: (e: unknown) => void,
  ) {
    super();
  }
  onAbort(reason: unknown): void {
    const wasHead = this.io.readers.peek() === this;
    dequeue(this);
    this.reject(reason);
    // The next read may be satisfiable now, and the buffer limit may drop.
    if (wasHead) this.io.serveReaders();
  }
}

class WriteOp extends Waiter {
  offset = 0;
  done = false;
  constructor(
    readonly io: SocketIo,
    readonly kind: number,
    readonly chunk: Uint8Array,
    readonly resolve: (value: never) => void,
    readonly reject: (e: unknown) => void,
  ) {
    super();
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
  readonly readers = new WaitQueue<ReadOp>();
  private readonly writers = new WaitQueue<WriteOp>();
  private readonly chunks = new ArrayQueue<Uint8Array>();
  /** Bytes of the head chunk already read. */
  private headOffset = 0;
  private buffered = 0;
  private paused = false;
  /** The peer ended its side (FIN), or the socket closed. */
  private ended = false;
  /** `shutdown()` or `close()` was called: no more writes. */
  private writeClosed = false;
  private failure: NetError | undefined = undefined;
  private closedPromise: Promise<void> | undefined = undefined;

  constructor(socket: Socket, address: string) {
    this.socket = socket;
    this.address = address;
    socket.on('data', (chunk: Uint8Array) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (e) => this.onError(e));
    socket.on('close', () => this.onClose());
    socket.on('drain', () => this.serveWriters());
    if (socket.destroyed) this.onClose();
    else socket.resume();
  }

  // ---- reading ----

  read(kind: number, n: number, buf: Uint8Array | undefined, options: IoOptions | undefined): Promise<never> {
    const signal = options?.signal;
    if (this.readers.size === 0) {
      const done = this.tryRead(kind, n, buf);
      if (done !== undefined) return done as Promise<never>;
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<never>((resolve, reject) => {
      const op = new ReadOp(this, kind, n, buf, resolve, reject);
      this.readers.push(op);
      if (signal !== undefined) watchAbort(op, signal);
      this.updateFlow();
    });
  }

  /** Completes a read now if it can: a settled promise, or `undefined` to wait. */
  private tryRead(kind: number, n: number, buf: Uint8Array | undefined): Promise<unknown> | undefined {
    const have = this.buffered;
    switch (kind) {
      case SOME:
        if (have > 0 || buf!.length === 0) return Promise.resolve(this.takeInto(buf!));
        break;
      case CHUNK:
        if (have > 0) return Promise.resolve({ value: this.takeChunk(), done: false });
        if (this.ended && this.failure === undefined)
          return Promise.resolve({ value: undefined, done: true });
        break;
      case EXACT:
        if (have >= n) return Promise.resolve(this.take(n));
        if (this.ended && this.failure === undefined) {
          return Promise.reject(new UnexpectedEofError(n, have, this.address));
        }
        break;
      case TO_END:
        if (have > n) return Promise.reject(new MaxBytesExceededError(n, this.address));
        if (this.ended && this.failure === undefined) return Promise.resolve(this.take(have));
        break;
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended && kind === SOME) return Promise.resolve(0);
    return undefined;
  }

  /** Serves waiting reads in order while the head one can complete. */
  serveReaders(): void {
    for (let op = this.readers.peek(); op !== undefined; op = this.readers.peek()) {
      const done = this.tryRead(op.kind, op.n, op.buf);
      if (done === undefined) break;
      this.readers.shift();
      unwatchAbort(op);
      done.then(op.resolve as (v: unknown) => void, op.reject);
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
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.readers.size > 0) this.serveReaders();
    else this.updateFlow();
  }

  private onEnd(): void {
    this.ended = true;
    this.serveReaders();
  }

  private onError(error: unknown): void {
    this.failure ??= fromNodeError(error, this.address);
    this.failAll();
  }

  private onClose(): void {
    if (!this.ended) {
      this.ended = true;
      // Closed without a FIN: by `close()`, or by a failure already recorded.
      this.failure ??= new SocketClosedError('the connection was closed', this.address);
    }
    this.writeClosed = true;
    this.failAll();
  }

  private failAll(): void {
    this.serveReaders();
    const failure = this.failure ?? new SocketClosedError('the connection was closed', this.address);
    for (let op = this.writers.shift(); op !== undefined; op = this.writers.shift()) op.settle(failure, true);
  }

  private takeInto(buf: Uint8Array): number {
    let written = 0;
    while (written < buf.length && this.buffered > 0) {
      const head = this.chunks.shift()!;
      const available = head.length - this.headOffset;
      const n = Math.min(available, buf.length - written);
      buf.set(head.subarray(this.headOffset, this.headOffset + n), written);
      written += n;
      this.consumed(head, n);
    }
    return written;
  }

  private takeChunk(): Uint8Array {
    const head = this.chunks.shift()!;
    const out = this.headOffset === 0 ? head : head.subarray(this.headOffset);
    this.buffered -= out.length;
    this.headOffset = 0;
    return out;
  }

  /** `n` bytes (at most `buffered`): a view of the head chunk when it holds them all, else a copy. */
  private take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const first = this.chunks.shift()!;
    if (first.length - this.headOffset >= n) {
      const out = first.subarray(this.headOffset, this.headOffset + n);
      this.consumed(first, n);
      return out;
    }
    const out = new Uint8Array(n);
    let written = 0;
    for (let head: Uint8Array | undefined = first; written < n; head = this.chunks.shift()) {
      const m = Math.min(head!.length - this.headOffset, n - written);
      out.set(head!.subarray(this.headOffset, this.headOffset + m), written);
      written += m;
      this.consumed(head!, m);
    }
    return out;
  }

  /**
   * Accounts for `n` bytes read from `head`, which was shifted off the queue; a head with bytes
   * left goes back in front. (ArrayQueue has no unshift: the head is kept shifted only within one
   * synchronous step.)
   */
  private consumed(head: Uint8Array, n: number): void {
    this.buffered -= n;
    this.headOffset += n;
    if (this.headOffset === head.length) this.headOffset = 0;
    else this.unshift(head);
  }

  private unshift(head: Uint8Array): void {
    // Rebuild with `head` first: happens at most once per read, with the few chunks buffered.
    const rest: Uint8Array[] = [head];
    for (let c = this.chunks.shift(); c !== undefined; c = this.chunks.shift()) rest.push(c);
    for (const c of rest) this.chunks.push(c);
  }

  // ---- writing ----

  write(kind: number, chunk: Uint8Array, options: IoOptions | undefined): Promise<never> {
    const signal = options?.signal;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.writeClosed) {
      return Promise.reject(new SocketClosedError('write after shutdown or close', this.address));
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<never>((resolve, reject) => {
      const op = new WriteOp(this, kind, chunk, resolve, reject);
      if (kind === SHUTDOWN) this.writeClosed = true;
      this.writers.push(op);
      this.serveWriters();
      if (!op.done && signal !== undefined) watchAbort(op, signal);
    });
  }

  private serveWriters(): void {
    const socket = this.socket;
    for (let op = this.writers.peek(); op !== undefined; op = this.writers.peek()) {
      switch (op.kind) {
        case WRITE:
        case WRITE_ALL: {
          if (socket.writableNeedDrain) return;
          const piece = Math.min(op.chunk.length - op.offset, WRITE_PIECE);
          // A copy: the socket keeps what it is given until the kernel took it.
          socket.write(Buffer.from(op.chunk.subarray(op.offset, op.offset + piece)));
          op.offset += piece;
          if (op.kind === WRITE || op.offset === op.chunk.length) {
            this.writers.shift();
            op.settle(piece, false);
          }
          break;
        }
        case FLUSH:
          this.writers.shift();
          socket.write(EMPTY, (e) => op.settle(e ? fromNodeError(e, this.address) : undefined, !!e));
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

export const ReadKind = { SOME, EXACT, TO_END, CHUNK } as const;
export const WriteKind = { WRITE, WRITE_ALL, FLUSH, SHUTDOWN } as const;
