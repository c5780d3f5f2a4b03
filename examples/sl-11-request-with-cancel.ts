// SL-11: a request raced against a user's cancel. The client selects between the reply (a oneshot
// receiver) and a cancellation token; on cancel it closes the receiver, and the server, which watches
// `reply.closed()`, stops working on a request nobody waits for.
import { mpsc, type OneshotSender, oneshot } from '@async/channels';
import { CancellationToken, select, spawn } from '@async/core';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

interface Request {
  readonly name: string;
  readonly cost: number;
  readonly reply: OneshotSender<string>;
}

export async function main(out: Out = console.log): Promise<void> {
  const [requests, inbox] = mpsc.channel<Request>(8);
  const server = spawn(async () => {
    const handlers = [];
    for await (const req of inbox) {
      handlers.push(
        spawn(async () => {
          const r = await select({ done: sleep(req.cost), gone: req.reply.closed() });
          if (r.key === 'gone') out(`server: ${req.name} was abandoned, work stopped`);
          else req.reply.send(`${req.name} result`);
        }),
      );
    }
    await Promise.all(handlers);
  });

  async function request(name: string, cost: number, cancel: CancellationToken): Promise<string> {
    const [reply, response] = oneshot<string>();
    await requests.send({ name, cost, reply });
    const r = await select({ response, cancel });
    if (r.key === 'cancel') {
      response.close(); // tell the server
      return `${name}: cancelled by the user`;
    }
    return `${name}: ${r.value}`;
  }

  const user = new CancellationToken();
  void sleep(200).then(() => user.cancel());
  out(await request('quick', 10, user));
  out(await request('slow', 2000, user));
  requests.close();
  await server;
  out('server stopped');
}

if (isMain(import.meta)) await main();
