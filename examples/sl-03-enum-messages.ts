// SL-03: matching on enum messages. Rust's `match` on an enum is a `switch` on a discriminant; select's
// result is itself a union keyed by branch, so both narrow.
import { mpsc } from '@async/channels';
import { select } from '@async/core';
import { isMain, type Out } from './is-main';

type Command = { type: 'add'; n: number } | { type: 'reset' } | { type: 'print'; label: string };
type Event = { type: 'tick' } | { type: 'stop'; reason: string };

export async function main(out: Out = console.log): Promise<void> {
  const [cmdTx, commands] = mpsc.channel<Command>(8);
  const [evTx, events] = mpsc.channel<Event>(8);
  await cmdTx.send({ type: 'add', n: 2 });
  await cmdTx.send({ type: 'add', n: 3 });
  await cmdTx.send({ type: 'print', label: 'sum' });
  await cmdTx.send({ type: 'reset' });
  await cmdTx.send({ type: 'print', label: 'after reset' });
  await evTx.send({ type: 'tick' });
  await evTx.send({ type: 'stop', reason: 'done' });

  let total = 0;
  for (;;) {
    const r = await select({ cmd: commands, event: events }, { biased: true });
    if (r.key === 'cmd') {
      const cmd = r.value!;
      switch (cmd.type) {
        case 'add':
          total += cmd.n;
          break;
        case 'reset':
          total = 0;
          break;
        case 'print':
          out(`${cmd.label}: ${total}`);
          break;
      }
    } else {
      const ev = r.value!;
      if (ev.type === 'tick') out('tick');
      else {
        out(`stop: ${ev.reason}`);
        break;
      }
    }
  }
}

if (isMain(import.meta)) await main();
