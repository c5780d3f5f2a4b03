// TM-01: sleep for a duration, and sleep until a deadline (tokio's `sleep` and `sleep_until`).
import { Instant, sleep, sleepUntil } from '@async/time';
import { isMain, type Out } from './is-main';

/** Milliseconds rounded down to 50, so the real-time demo prints what the virtual-time test asserts. */
const ms = (n: number) => `${Math.floor(n / 50) * 50} ms`;

export async function main(out: Out = console.log): Promise<void> {
  const start = Instant.now();

  await sleep(100); // tokio::time::sleep(Duration::from_millis(100)).await
  out(`slept ${ms(start.elapsed())}`);

  const wake = start.add(300); // Instant::now() + Duration::from_millis(300)
  await sleepUntil(wake); // tokio::time::sleep_until(wake).await
  out(`woke at start + ${ms(Instant.now().durationSince(start))}`);

  // A deadline already in the past completes at once (at the next timer turn).
  await sleepUntil(start);
  out(`past deadline: no wait, still start + ${ms(start.elapsed())}`);

  // A Sleep is a value: check it, move it, then await it.
  const s = sleep(1_000);
  out(`pending sleep elapsed? ${s.isElapsed()}`);
  s.reset(Instant.now().add(50));
  await s;
  out(`reset sleep woke at start + ${ms(start.elapsed())}`);
}

if (isMain(import.meta)) await main();
