// SL-06: cancellation safety. A receiver is cancel-safe: when its branch loses, nothing was taken. An
// operation that takes its input at once and delivers later is not: restarted in every iteration, each
// lost race loses an item. Keep such an operation alive across iterations instead (a started promise
// is raced, never cancelled).
import { mpsc } from '@async/channels';
import { select, spawn } from '@async/core';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

/** Not cancel-safe: the item leaves the queue at once and comes back only when the work finishes. */
function takeAndProcess(queue: number[], signal?: AbortSignal): Promise<number> {
  const item = queue.shift()!;
  return sleep(50, { signal }).then(() => item * 10);
}

async function run(keepAlive: boolean): Promise<{ processed: number[]; pings: number }> {
  const queue = [1, 2, 3, 4, 5];
  const [tx, control] = mpsc.channel<string>(8);
  const pinger = spawn(async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(20);
      await tx.send('ping');
    }
  });
  const processed: number[] = [];
  let pings = 0;
  let pending: Promise<number> | undefined;
  while (queue.length > 0 || pending !== undefined) {
    const work = keepAlive
      ? (pending ??= takeAndProcess(queue)) // started once, raced until it completes
      : (signal: AbortSignal) => takeAndProcess(queue, signal); // restarted, and aborted on losing
    const r = await select({ ping: control, work });
    if (r.key === 'work') {
      processed.push(r.value);
      pending = undefined;
    } else pings++;
  }
  await pinger;
  return { processed, pings };
}

export async function main(out: Out = console.log): Promise<void> {
  const wrong = await run(false);
  out(
    `restarted each time: processed ${wrong.processed.join(' ')}, lost ${5 - wrong.processed.length} items`,
  );
  const right = await run(true);
  out(
    `kept across iterations: processed ${right.processed.join(' ')}, lost ${5 - right.processed.length} items`,
  );
  out(`pings received: ${wrong.pings} and ${right.pings} (a receiver branch loses nothing)`);
}

if (isMain(import.meta)) await main();
