// SL-09: a resetting timeout: an idle timer that every bit of activity pushes back.
// One `Sleep` lives across the loop and is `reset`, as tokio's `sleep.as_mut().reset(...)`.
import { select } from '@async/core';
import { Instant, sleep } from '@async/time';
import { isMain, type Out } from './is-main';

const IDLE_MS = 400;

/** A connection's messages, with the gaps between them (the last one comes too late). */
async function* messages(): AsyncGenerator<string> {
  for (const [gap, text] of [
    [100, 'hello'],
    [200, 'ping'],
    [250, 'data'],
    [600, 'too late'],
  ] as const) {
    await sleep(gap);
    yield text;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const start = Instant.now();
  const at = () => `+${Math.round(start.elapsed() / 50) * 50} ms`;

  const idle = sleep(IDLE_MS); // let idle = sleep(IDLE); tokio::pin!(idle);
  const source = messages();
  let next = source.next(); // started once, kept across iterations (a promise branch is not cancelled)
  for (;;) {
    const event = await select({ message: next, idle }, { biased: true });
    if (event.key === 'message') {
      if (event.value.done) break;
      out(`${at()} ${event.value.value}`);
      idle.reset(Instant.now().add(IDLE_MS)); // activity: push the idle deadline back
      next = source.next();
    } else {
      out(`${at()} idle for ${IDLE_MS} ms: closing the connection`);
      break;
    }
  }
}

if (isMain(import.meta)) await main();
