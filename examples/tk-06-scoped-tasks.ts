// TK-06: scoped tasks: every child finishes before the scope returns, and a failure cancels siblings.
//
// Rust → TypeScript: the seed drains a JoinSet before returning (`std::thread::scope` in spirit);
// `scope(async (s) => { s.spawn(…) })` guarantees it by construction: the promise settles only after
// the body and every child have settled. The first failure aborts the scope's signal (and so every
// child's) and is rethrown as it is; later failures ride along as `error.suppressed`.
import { scope, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // Guaranteed completion: results of every child are there when the scope returns.
  const data = [1, 2, 3, 4, 5];
  const results: number[] = [];
  await scope(async (s) => {
    for (const item of data) {
      s.spawn(async () => {
        for (let i = 0; i < item; i++) await yieldNow(); // longer items take longer
        results.push(item * 2);
      });
    }
    out(`body returned; results so far: [${results}]`);
  });
  out(`scope returned; results: [${results}]`);

  // The scope's value is the body's value; children can fill what it returns.
  const total = await scope(async (s) => {
    const parts = data.map((n) => s.spawn(async () => n * n));
    let sum = 0;
    for (const part of parts) sum += await part;
    return sum;
  });
  out(`sum of squares: ${total}`);

  // Failure: one child throws; its siblings are aborted, and the scope rejects with that error.
  try {
    await scope(async (s) => {
      for (const name of ['download', 'index']) {
        s.spawn(async (signal) => {
          await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        }).then(undefined, () => out(`${name} was cancelled`));
      }
      s.spawn(async () => {
        await yieldNow();
        throw new Error('disk full');
      });
    });
  } catch (error) {
    out(`scope failed: ${(error as Error).message}`);
  }
}

if (isMain(import.meta)) await main();
