// TM-03: a time limit around any operation: a promise, or a function that receives an abort signal.
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

/** A stand-in for a request that honours an abort signal (as `fetch` does). */
async function fetchUser(id: number, delayMs: number, signal?: AbortSignal): Promise<string> {
  await sleep(delayMs, { signal });
  return `user ${id}`;
}

export async function main(out: Out = console.log): Promise<void> {
  // In time: the value comes through.
  out(`fast: ${await timeout(200, fetchUser(1, 50))}`);

  // Too slow, given as a function: it is aborted, with the same TimeoutError the caller gets.
  let reason: unknown;
  try {
    await timeout(200, (signal) => {
      signal.addEventListener('abort', () => (reason = signal.reason));
      return fetchUser(2, 1_000, signal);
    });
  } catch (e) {
    out(
      `slow: ${TimeoutError.is(e) ? 'timed out' : 'failed'} (${(e as Error).name}, ${(e as TimeoutError).code})`,
    );
    out(`slow request aborted with the same error: ${reason === e}`);
  }

  // An operation that already finished wins even against a zero limit, as in tokio.
  out(`ready vs 0 ms: ${await timeout(0, Promise.resolve('ready'))}`);

  // The operation's own failure passes through untouched.
  const failed = await timeout(200, Promise.reject(new Error('404'))).catch((e: Error) => e.message);
  out(`failing op: ${failed}`);
}

if (isMain(import.meta)) await main();
