// CH-04: request/response with oneshot. Each request carries the sender of its reply; the caller awaits
// the receiver. A key-value actor owns its map, so no lock is needed.
import { mpsc, type OneshotSender, oneshot } from '@async/channels';
import { spawn } from '@async/core';
import { isMain, type Out } from './is-main';

type Command =
  | { type: 'get'; key: string; reply: OneshotSender<string | undefined> }
  | { type: 'set'; key: string; value: string; reply: OneshotSender<string | undefined> };

export async function main(out: Out = console.log): Promise<void> {
  const [requests, inbox] = mpsc.channel<Command>(16);

  const actor = spawn(async () => {
    const store = new Map<string, string>();
    for await (const cmd of inbox) {
      if (cmd.type === 'get') cmd.reply.send(store.get(cmd.key));
      else {
        cmd.reply.send(store.get(cmd.key)); // the previous value
        store.set(cmd.key, cmd.value);
      }
    }
  });

  async function call<T extends Command['type']>(
    type: T,
    fields: Omit<Extract<Command, { type: T }>, 'type' | 'reply'>,
  ): Promise<string | undefined> {
    const [reply, response] = oneshot<string | undefined>();
    await requests.send({ type, ...fields, reply } as Command);
    return response; // the receiver is awaitable
  }

  out(`set hello -> previous ${await call('set', { key: 'hello', value: 'world' })}`);
  out(`get hello -> ${await call('get', { key: 'hello' })}`);
  out(`set hello -> previous ${await call('set', { key: 'hello', value: 'there' })}`);
  out(`get missing -> ${await call('get', { key: 'missing' })}`);
  requests.close();
  await actor;
  out('actor stopped');
}

if (isMain(import.meta)) await main();
