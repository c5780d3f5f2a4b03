// TM-07: testing time-dependent code with a paused, manually advanced clock (tokio's `time::pause`).
import { Instant, sleep, TestClock, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

/** The code under test: retries with exponential backoff (1 s, 2 s, 4 s, ...). */
async function retry<T>(op: () => Promise<T>, attempts: number): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await op();
    } catch (e) {
      if (i + 1 >= attempts) throw e;
      await sleep(1_000 * 2 ** i);
    }
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const realStart = performance.now();
  {
    // One line pauses time for every @async package; `using` restores the real clock at the end.
    using clock = TestClock.install();
    const start = Instant.now();

    let calls = 0;
    const result = retry(async () => {
      if (++calls < 5) throw new Error('unavailable');
      return 'ok';
    }, 5);
    await clock.advance(14_999);
    out(`after 14.999 s: ${calls} calls`);
    await clock.advance(1); // 1 + 2 + 4 + 8 = 15 s of backoff
    out(`after 15 s: ${calls} calls, result ${await result}`);

    // A timeout fires exactly at its deadline, not a millisecond before.
    let settled = false;
    const limited = timeout(30_000, new Promise(() => {})).catch((e) => {
      settled = true;
      return e;
    });
    await clock.advance(29_999);
    out(`timeout pending at 29.999 s: ${!settled}`);
    await clock.advance(1);
    out(`timed out at 30 s: ${TimeoutError.is(await limited)}`);
    out(`virtual time passed: ${start.elapsed()} ms`);
  }
  out(`real time under a second: ${performance.now() - realStart < 1_000}`);
}

if (isMain(import.meta)) await main();
