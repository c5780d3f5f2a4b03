// FC-03: tryJoin: run operations concurrently, fail fast on the first error, and cancel the rest.
//
// Rust → TypeScript: `tokio::try_join!(a, b, c)` → `tryJoin([a, b, c])`. Rust drops the remaining
// futures; JavaScript cannot drop a promise, so tryJoin aborts the signal it gave to each function
// operation (`(signal) => …`): pass it on and the operation stops. A promise given as such keeps
// running (nobody can stop it); its later failure is ignored.
import { setTimeout as sleep } from 'node:timers/promises';
import { tryJoin } from '@async/core';
import { isMain, type Out } from './is-main';

/** A stand-in for fetching a user, taking `ms`, failing for user 2; it stops if `signal` aborts. */
function fetchUser(id: number, ms: number, out: Out) {
  return async (signal: AbortSignal): Promise<string> => {
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      out(`user ${id}: cancelled`);
      throw error;
    }
    if (id === 2) throw new Error(`user ${id} does not exist`);
    out(`user ${id}: fetched`);
    return `User_${id}`;
  };
}

export async function main(out: Out = console.log): Promise<void> {
  const [u1, u2, u3] = await tryJoin([fetchUser(1, 1, out), fetchUser(3, 2, out), fetchUser(4, 3, out)]);
  out(`all succeeded: ${u1}, ${u2}, ${u3}`);

  const started = performance.now();
  try {
    await tryJoin([fetchUser(1, 1, out), fetchUser(2, 5, out), fetchUser(3, 10_000, out)]);
  } catch (error) {
    const ms = performance.now() - started;
    out(`failed fast: ${(error as Error).message} (${ms < 1000 ? 'without' : 'after'} waiting for user 3)`);
  }
  await sleep(1); // let the cancelled operation report
}

if (isMain(import.meta)) await main();
