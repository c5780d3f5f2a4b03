// SY-02: acquiring a lock with a timeout (tokio::time::timeout(d, mutex.lock())).
//
// Rust → TypeScript: `timeout(Duration::from_millis(100), m.lock()).await` →
// `timeout(100, (signal) => m.lock({ signal }))`. The lock call is given the timeout's signal, so on
// expiry it leaves the queue at once (as dropping the Rust future does): no waiter is left behind to
// take the lock later and hold it forever.
import { Mutex } from '@async/sync';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const resource = new Mutex('printer');

  // A slow holder keeps the lock for 500 ms.
  const slow = (async () => {
    using guard = await resource.lock();
    out(`slow task holds the ${guard.value}`);
    await sleep(500);
    out('slow task releases it');
  })();

  // An impatient task gives up after 100 ms.
  try {
    using guard = await timeout(100, (signal) => resource.lock({ signal }));
    out(`impatient task got the ${guard.value}`);
  } catch (e) {
    out(`impatient task: ${TimeoutError.is(e) ? 'timed out after 100 ms' : String(e)}`);
  }
  out(`locked while the slow task runs: ${resource.locked}`);

  // A patient task with a longer limit gets the lock once the slow task is done.
  const guard = await timeout(1_000, (signal) => resource.lock({ signal }));
  out(`patient task got the ${guard.value}`);
  guard.release();
  await slow;

  // tryLock is the zero-timeout form: it never waits.
  out(`tryLock when free: ${resource.tryLock() !== undefined}`);
}

if (isMain(import.meta)) await main();
