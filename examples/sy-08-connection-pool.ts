// SY-08: a connection pool — a semaphore bounds the connections, idle ones are reused, and a
// connection returns to the pool when its lease is released.
//
// Rust → TypeScript: the Rust pool pairs `Arc<Semaphore>` with a `Mutex<Vec<Conn>>` of idle
// connections and returns the connection in `Drop`. Here the idle list needs no lock (it is only touched
// between awaits), and `Drop` is `release()` / `using`. Waiting for a connection is FIFO and abortable.
import { Semaphore, type WaitOptions } from '@async/sync';
import { sleep, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

/** A stand-in for a network connection. */
class Connection {
  closed = false;
  constructor(readonly id: number) {}
  async query(sql: string): Promise<string> {
    if (this.closed) throw new Error('connection closed');
    await sleep(5);
    return `conn ${this.id}: ${sql}`;
  }
  close(): void {
    this.closed = true;
  }
}

/** A connection leased from the pool; `release()` (or `using`) returns it. */
class Lease implements Disposable {
  #pool: Pool | undefined;
  constructor(
    pool: Pool,
    readonly connection: Connection,
  ) {
    this.#pool = pool;
  }
  release(): void {
    const pool = this.#pool;
    this.#pool = undefined;
    pool?.giveBack(this.connection);
  }
  [Symbol.dispose](): void {
    this.release();
  }
}

class Pool {
  readonly #slots: Semaphore;
  readonly #idle: Connection[] = [];
  #permits = new Map<Connection, { release(): void }>();
  #created = 0;
  #closed = false;

  constructor(
    readonly max: number,
    private readonly connect: (id: number) => Promise<Connection>,
  ) {
    this.#slots = new Semaphore(max);
  }

  get created(): number {
    return this.#created;
  }
  get idle(): number {
    return this.#idle.length;
  }

  /** Waits for a free slot (FIFO, abortable), then reuses an idle connection or opens a new one. */
  async acquire(options?: WaitOptions): Promise<Lease> {
    const permit = await this.#slots.acquire(1, options);
    try {
      const connection = this.#idle.pop() ?? (await this.connect(++this.#created));
      this.#permits.set(connection, permit);
      return new Lease(this, connection);
    } catch (e) {
      permit.release(); // a failed connect gives the slot back
      throw e;
    }
  }

  /** @internal Called by a lease: the connection goes back to the idle list, the slot to the next waiter. */
  giveBack(connection: Connection): void {
    const permit = this.#permits.get(connection)!;
    this.#permits.delete(connection);
    if (this.#closed) connection.close();
    else this.#idle.push(connection);
    permit.release();
  }

  /** Closes idle connections and refuses new leases; leased ones close when returned. */
  close(): void {
    this.#closed = true;
    this.#slots.close();
    for (const c of this.#idle.splice(0)) c.close();
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const pool = new Pool(3, async (id) => {
    await sleep(10); // the handshake
    return new Connection(id);
  });

  // Ten requests share at most three connections, opened on demand and reused.
  const rows = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      using lease = await pool.acquire();
      return lease.connection.query(`select ${i}`);
    }),
  );
  out(`${rows.length} queries on ${new Set(rows.map((r) => r.split(':')[0])).size} connections`);
  out(`connections created: ${pool.created}, idle now: ${pool.idle}`);

  // Every slot busy: a caller with a deadline gives up, and the pool is left intact.
  const held = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
  const gaveUp = await timeout(20, (signal) => pool.acquire({ signal })).catch((e: Error) => e.name);
  out(`fourth caller while all 3 are leased: ${gaveUp}`);
  for (const lease of held) lease.release();
  const again = await pool.acquire();
  out(`after release, reused connection ${again.connection.id}; created still ${pool.created}`);
  again.release();

  pool.close();
  const refused = await pool.acquire().catch((e: Error) => e.name);
  out(`after close: ${refused}`);
}

if (isMain(import.meta)) await main();
