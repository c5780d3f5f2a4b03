// IO-05 TCP echo server: accept in a loop, one task per connection.
// tokio: `loop { let (socket, _) = listener.accept().await?; tokio::spawn(async move { … copy … }) }` →
// `for await (const conn of listener) set.spawn(…)` with a JoinSet; `io::copy(&mut rd, &mut wr)` → a
// `for await` over the stream's chunks with `writeAll` (which waits when the client reads slowly).
import { JoinSet } from '@async/core';
import { TcpStream as Tcp, TcpListener, type TcpStream } from '@async/net';
import { isMain, type Out } from './is-main';

async function echo(conn: TcpStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of conn) {
    await conn.writeAll(chunk);
    bytes += chunk.length;
  }
  await conn.shutdown(); // the client read everything: end our side too
  await conn.close();
  return bytes;
}

export async function main(out: Out = console.log): Promise<void> {
  const listener = await TcpListener.bind('127.0.0.1:0'); // port 0: the system picks a free port
  await using connections = new JoinSet<number>();
  const accepting = (async () => {
    for await (const conn of listener) connections.spawn(() => echo(conn));
  })();

  // Three clients at once.
  const replies = await Promise.all(
    ['alpha', 'beta', 'gamma'].map(async (word) => {
      await using client = await Tcp.connect(listener.localAddr);
      await client.writeAll(new TextEncoder().encode(word));
      await client.shutdown();
      return new TextDecoder().decode(await client.readToEnd({ maxBytes: 1024 }));
    }),
  );
  out(`echoed: ${replies.join(', ')}`);

  await listener.close(); // ends the accept loop
  await accepting;
  let total = 0;
  for await (const bytes of connections) total += bytes;
  out(`server echoed ${total} bytes over 3 connections`);
}

if (isMain(import.meta)) await main();
