// SL-05: biased select (priority). With `biased: true` branches are tried in declaration order, so
// urgent messages always go first; without it the start rotates, so no ready branch starves.
import { mpsc } from '@async/channels';
import { select } from '@async/core';
import { isMain, type Out } from './is-main';

async function fill() {
  const [urgentTx, urgent] = mpsc.channel<string>(8);
  const [normalTx, normal] = mpsc.channel<string>(8);
  for (let i = 1; i <= 3; i++) {
    await urgentTx.send(`U${i}`);
    await normalTx.send(`n${i}`);
  }
  urgentTx.close();
  normalTx.close();
  return { urgent, normal };
}

async function drain(biased: boolean): Promise<string[]> {
  const { urgent, normal } = await fill();
  let uOpen = true;
  let nOpen = true;
  const order: string[] = [];
  for (;;) {
    const r = await select({ urgent: uOpen && urgent, normal: nOpen && normal }, { biased });
    if (r === undefined) return order;
    if (r.value !== undefined) order.push(r.value);
    else if (r.key === 'urgent') uOpen = false;
    else nOpen = false;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  out(`biased: ${(await drain(true)).join(' ')}`);
  const fair = await drain(false);
  out(
    `fair: ${fair.length} messages, urgent ones not all first: ${fair.slice(0, 3).some((m) => m.startsWith('n'))}`,
  );
}

if (isMain(import.meta)) await main();
