// SL-10: a non-blocking check (select with a default). An already-resolved promise branch is the
// `default`: ready receivers are found by select's first, synchronous pass, so they win when they can.
// `tryRecv` is the direct form.
import { mpsc } from '@async/channels';
import { select } from '@async/core';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const [tx, rx] = mpsc.channel<string>(4);
  const poll = async () => {
    const r = await select({ message: rx, default: Promise.resolve('nothing ready') });
    return r.key === 'message' ? `got ${r.value}` : r.value;
  };

  out(`poll: ${await poll()}`);
  tx.trySend('hello');
  out(`poll: ${await poll()}`);
  out(`poll: ${await poll()}`);

  const r = rx.tryRecv();
  out(`tryRecv: ${r.ok ? r.value : r.reason}`);
  tx.close();
  const end = rx.tryRecv();
  out(`tryRecv after close: ${end.ok ? end.value : end.reason}`);
}

if (isMain(import.meta)) await main();
