// FC-04: a dynamic set of operations, taken in the order they complete (FuturesUnordered).
//
// Rust → TypeScript: `FuturesUnordered` collected from an iterator, drained with `.next().await` →
// a `JoinSet` filled in a loop, drained with `joinNext()` or `for await`. The count is known only at
// run time, results come fastest first, and new operations can be added while draining. Where the
// results are wanted in input order instead (`join_all`), `join(array)` or `Promise.all` does it.
import { JoinSet, join, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

/**
 * Response times of a stand-in user service, in turns of the event loop (so the example is
 * deterministic): the order of completion is 4, 2, 5, 3, 1.
 */
const latency: Record<number, number> = { 1: 12, 2: 3, 3: 9, 4: 0, 5: 6, 20: 1 };

async function fetchUserName(id: number): Promise<string> {
  for (let turn = latency[id] ?? 1; turn > 0; turn--) await yieldNow();
  return `User_${id}`;
}

export async function main(out: Out = console.log, ids: readonly number[] = [1, 2, 3, 4, 5]): Promise<void> {
  // join_all: every result, in input order.
  out(`in input order: ${(await join(ids.map((id) => () => fetchUserName(id)))).join(', ')}`);

  // FuturesUnordered: as they complete. A response can add more work to the same set.
  await using pending = new JoinSet<{ id: number; name: string }>();
  for (const id of ids) pending.spawn(async () => ({ id, name: await fetchUserName(id) }));
  const order: string[] = [];
  for await (const { id, name } of pending) {
    order.push(name);
    if (id === 2) pending.spawn(async () => ({ id: 20, name: `${await fetchUserName(20)} (follow-up)` }));
  }
  out(`as completed: ${order.join(', ')}`);
  out(`fetched ${order.length} users`);
}

if (isMain(import.meta)) await main();
