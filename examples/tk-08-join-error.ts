// TK-08: a task's failure (a panic in Rust) surfaces as a JoinError with isFailure / isCancelled.
//
// Rust → TypeScript: `panic!` in a task → a `throw` (or rejection) in the task's function; `handle.await`
// returning `Err(JoinError)` → `await handle` rejecting with a `JoinError`; `is_panic()` →
// `isFailure()`, `is_cancelled()` → `isCancelled()`; the panic payload → `error.cause`. A task that
// returns `Result` in Rust (`Ok(Err(e))` on `.await`) usually just throws in TypeScript; return a
// result object when failure is an expected value rather than an exception.
import { JoinError, type JoinHandle, spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

async function describe(handle: JoinHandle<unknown>): Promise<string> {
  try {
    return `completed with ${JSON.stringify(await handle)}`;
  } catch (error) {
    if (!JoinError.is(error)) throw error;
    if (error.isFailure()) return `failed (${error.message}); cause: ${(error.cause as Error).message}`;
    return `was cancelled (${error.message})`;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const panics = spawn(
    async () => {
      await yieldNow();
      throw new Error('This task panics!');
    },
    { name: 'parser' },
  );
  out(`parser ${await describe(panics)}`);

  const aborted = spawn(async (signal) => {
    await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  });
  aborted.abort();
  out(`long job ${await describe(aborted)}`);

  // Expected failure as a value: the task succeeds, its value says what went wrong (Rust's Ok(Err(e))).
  const lookup = spawn(async () => ({ ok: false as const, error: 'user 7 not found' }));
  out(`lookup ${await describe(lookup)}`);

  // Recovering: a failed task's error can be turned into a fallback value at the await.
  const config = await spawn(async () => JSON.parse('{ not json')).then(
    (value: unknown) => value,
    (error: unknown) => {
      out(`config task failed with ${((error as JoinError).cause as Error).name}; using defaults`);
      return { retries: 3 };
    },
  );
  out(`config: ${JSON.stringify(config)}`);
}

if (isMain(import.meta)) await main();
