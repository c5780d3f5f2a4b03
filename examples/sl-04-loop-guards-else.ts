// SL-04: select in a loop over several channels, with guards and the all-closed `else`. A branch whose
// channel ended is disabled (`open && rx`); when every branch is disabled select resolves `undefined`,
// which is tokio's `else`, and the loop ends.
import { mpsc } from '@async/channels';
import { select, spawn } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [txA, a] = mpsc.channel<number>(2);
  const [txB, b] = mpsc.channel<string>(2);
  const producers = [
    spawn(async () => {
      for (const n of [1, 2, 3]) await txA.send(n);
      txA.close();
    }),
    spawn(async () => {
      for (const s of ['x', 'y']) await txB.send(s);
      txB.close();
    }),
  ];

  let aOpen = true;
  let bOpen = true;
  let sum = 0;
  const letters: string[] = [];
  for (;;) {
    const r = await select({ a: aOpen && a, b: bOpen && b });
    if (r === undefined) {
      out('else: every channel is closed');
      break;
    }
    if (r.key === 'a') {
      if (r.value === undefined) {
        aOpen = false;
        out('a closed');
      } else sum += r.value;
    } else if (r.value === undefined) {
      bOpen = false;
      out('b closed');
    } else letters.push(r.value);
  }
  await Promise.all(producers);
  out(`sum of a: ${sum}, letters of b: ${letters.join('')}`);
}

if (isMain(import.meta)) await main();
