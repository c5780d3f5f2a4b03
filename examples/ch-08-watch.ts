// CH-08: watch. Receivers see the latest value (`borrow`) and wait for changes (`changed`); values in
// between may be skipped, which is what you want for configuration or state.
import { watch } from '@async/channels';
import { spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

interface Config {
  readonly version: number;
  readonly level: 'info' | 'debug';
}

export async function main(out: Out = console.log): Promise<void> {
  const [config, rx] = watch<Config>({ version: 1, level: 'info' });
  out(`initial: v${rx.borrow().version}, changed? ${rx.hasChanged()}`);

  const reader = spawn(async () => {
    const seen: number[] = [];
    for (;;) {
      try {
        await rx.changed();
      } catch {
        return seen; // every sender closed and the last value seen
      }
      seen.push(rx.borrowAndUpdate().version);
    }
  });

  config.send({ version: 2, level: 'info' });
  config.send({ version: 3, level: 'debug' }); // sent before the reader ran: v2 is skipped
  await yieldNow(); // let the reader run
  config.sendModify((c) => ({ ...c, version: 4 }));
  const debug = await rx.clone().waitFor((c) => c.level === 'debug');
  out(`waitFor found level debug at v${debug.version}`);
  config.close();
  out(`reader saw versions: ${(await reader).join(' ')}`);
}

if (isMain(import.meta)) await main();
