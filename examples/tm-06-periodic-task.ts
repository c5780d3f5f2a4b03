// TM-06: a periodic background task: work every period, survive a failed run, stop on a signal.
import { Instant, interval, sleep } from '@async/time';
import { isMain, type Out } from './is-main';

let runs = 0;
async function doPeriodicWork(): Promise<void> {
  runs++;
  await sleep(10); // some work
  if (runs === 3) throw new Error('disk full');
}

async function periodicTask(signal: AbortSignal, out: Out): Promise<void> {
  const start = Instant.now();
  // `unref` lets a real process exit while the task only waits for its next tick.
  const every = interval(100, { signal, unref: true });
  try {
    for await (const tick of every) {
      try {
        await doPeriodicWork();
        out(`run ${runs} at +${Math.round(tick.durationSince(start))} ms: ok`);
      } catch (e) {
        out(
          `run ${runs} at +${Math.round(tick.durationSince(start))} ms: failed (${(e as Error).message}), continuing`,
        );
      }
    }
  } catch (e) {
    if (!signal.aborted) throw e;
    out(`stopped: ${signal.reason}`);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  runs = 0;
  const stop = new AbortController();
  const task = periodicTask(stop.signal, out);
  await sleep(450); // the rest of the program runs; then it shuts down
  stop.abort('shutdown');
  await task;
}

if (isMain(import.meta)) await main();
