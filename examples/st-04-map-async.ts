// ST-04: tokio-stream's `then` (an async map) is `mapAsync`: a `then` export or method would make the
// module and every stream thenable. One call at a time, in order; `f` gets an AbortSignal.
import { collect, mapAsync, pipe, stream, take } from '@async/stream';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

async function lookUp(id: number, signal: AbortSignal): Promise<string> {
  await sleep(10, { signal }); // an I/O call that honours cancellation
  return `user-${id}`;
}

export async function main(out: Out = console.log): Promise<void> {
  const users = await pipe([1, 2, 3], mapAsync(lookUp), collect());
  out(`users: ${users.join(', ')}`);

  let started = 0;
  const firstTwo = await stream([1, 2, 3, 4])
    .mapAsync((id, signal) => {
      started++;
      return lookUp(id, signal);
    })
    .pipe(take(2))
    .collect();
  out(`first two: ${firstTwo.join(', ')} (lookups started: ${started})`);
}

if (isMain(import.meta)) await main();
