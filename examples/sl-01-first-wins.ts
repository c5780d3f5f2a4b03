// SL-01: the first of several operations wins and the losers are cancelled. A receiver branch loses
// nothing; a function branch is started by select and aborted when it loses.
import { mpsc } from '@async/channels';
import { select } from '@async/core';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<string>(1);
  setTimeoutLike(() => tx.trySend('reply from the channel'), 20);

  const slowLookup = async (signal: AbortSignal) => {
    await sleep(500, { signal });
    return 'slow lookup';
  };

  let lookup: Promise<string> | undefined;
  const first = await select({ message: rx, lookup: (signal) => (lookup = slowLookup(signal)) });
  out(`winner: ${first.key} -> ${first.value}`);
  // The losing function branch was aborted: its promise rejects with the abort reason.
  out(
    await lookup!.then(
      () => 'slow lookup finished',
      () => 'slow lookup was cancelled',
    ),
  );
}

/** Schedules `fn` after `ms` on the @async clock (so tests control it). */
function setTimeoutLike(fn: () => void, ms: number): void {
  void sleep(ms).then(fn);
}

if (isMain(import.meta)) await main();
