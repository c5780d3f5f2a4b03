// SL-09: a resetting timeout. One `Sleep` is the idle timer; every message pushes its deadline back
// with `reset`, and the connection closes once nothing arrived for IDLE_MS.
import { mpsc } from '@async/channels';
import { select, spawn } from '@async/core';
import { Instant, sleep } from '@async/time';
import { isMain, type Out } from './is-main';

const IDLE_MS = 200;

export async function main(out: Out = console.log): Promise<void> {
  const [tx, messages] = mpsc.channel<string>(4);
  const client = spawn(async () => {
    for (const [gap, text] of [
      [20, 'hello'],
      [60, 'still here'],
      [100, 'one more'],
    ] as const) {
      await sleep(gap);
      await tx.send(text);
    }
    // then silence, without closing
  });

  let last = Instant.now();
  const idle = sleep(IDLE_MS);
  for (;;) {
    const r = await select({ message: messages, idle });
    if (r.key === 'idle') {
      out(`idle for ${IDLE_MS} ms: closing`);
      break;
    }
    if (r.value === undefined) break;
    out(`message: ${r.value}`);
    last = Instant.now();
    idle.reset(last.add(IDLE_MS));
  }
  out(`silence since the last message: at least ${IDLE_MS} ms? ${last.elapsed() >= IDLE_MS}`);
  await client;
}

if (isMain(import.meta)) await main();
