// TK-05: JoinSet: spawn many tasks, take results in the order they finish, and cancel the rest on exit.
//
// Rust → TypeScript: `while let Some(res) = set.join_next().await { match res { Ok(v) …, Err(e) … } }`
// → `while (set.size > 0) { try { await set.joinNext() } catch (e) … }`, or `for await (const v of set)`
// when a failure should end the loop. Dropping a JoinSet aborts its tasks; in JavaScript nothing runs
// on drop, so `await using set = new JoinSet()` does it when the block ends, and also waits until
// every aborted task has stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { JoinError, JoinSet } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // Tasks finish in a different order than they were spawned: results come in completion order.
  {
    await using set = new JoinSet<string>();
    const delays = [12, 3, 9, 0, 6];
    for (const [i, ms] of delays.entries()) {
      set.spawn(async () => {
        await sleep(ms);
        if (i === 2) throw new Error('task 2 lost its connection');
        return `task ${i} (${ms} ms)`;
      });
    }
    out(`spawned ${set.size} tasks`);
    while (set.size > 0) {
      try {
        out(`got: ${await set.joinNext()}`);
      } catch (error) {
        if (JoinError.is(error)) out(`task failed: ${(error.cause as Error).message}`);
      }
    }
  }

  // Leaving the block with tasks still running aborts them and waits for them to stop.
  {
    await using set = new JoinSet<string>();
    for (const name of ['mirror-a', 'mirror-b', 'mirror-c']) {
      set.spawn(async (signal) => {
        try {
          await sleep(name === 'mirror-b' ? 1 : 60_000, undefined, { signal });
          return name;
        } finally {
          if (signal.aborted) out(`${name} stopped`);
        }
      });
    }
    // Take the first answer, then leave: the slower mirrors are not needed any more.
    out(`first answer from ${await set.joinNext()}`);
  }
  out('after the block: no task of the set is still running');
}

if (isMain(import.meta)) await main();
