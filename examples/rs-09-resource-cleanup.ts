// RS-09: resource cleanup — RAII and async cleanup.
//
// Rust → TypeScript: `Drop` (and an explicit async `close().await`, which Rust lacks in `Drop`) becomes
// `Symbol.asyncDispose` with `await using`: the connection is closed at the end of the block whether
// the block returns, throws, or is aborted. With policies around it, each attempt of a retry opens and
// closes its own connection, and a bulkhead slot is given back even when the operation throws.
import { bulkhead, retry, wrap } from '@async/resilience';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

class Connection implements AsyncDisposable {
  static open = 0;
  constructor(
    readonly id: number,
    private readonly out: Out,
  ) {
    Connection.open++;
    out(`  open connection ${id}`);
  }
  async query(sql: string, fail: boolean): Promise<string> {
    await sleep(10);
    if (fail) throw new Error(`connection ${this.id} reset`);
    return `rows for ${sql}`;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await sleep(5); // an async goodbye to the server
    Connection.open--;
    this.out(`  closed connection ${this.id}`);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  let next = 0;
  const policy = wrap(retry({ maxAttempts: 3, backoff: [20, 20] }), bulkhead(1));

  out('each attempt cleans up after itself:');
  const rows = await policy.execute(async ({ attempt }) => {
    await using conn = new Connection(++next, out);
    return conn.query('SELECT 1', attempt < 2);
  });
  out(`  ${rows}`);

  out('an abort cleans up too:');
  const ac = new AbortController();
  const aborted = policy.execute(
    async ({ signal }) => {
      await using conn = new Connection(++next, out);
      await sleep(1000, { signal });
      return conn.query('SELECT 2', false);
    },
    { signal: ac.signal },
  );
  await sleep(50);
  ac.abort('user cancelled');
  out(`  ${await aborted.catch((e: unknown) => `rejected: ${String(e)}`)}`);
  out(`open connections: ${Connection.open}`);
}

if (isMain(import.meta)) await main();
