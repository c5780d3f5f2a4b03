// IO-07 split a stream into a read half and a write half used by two tasks at once.
// tokio: `let (mut rd, mut wr) = socket.into_split();` + one task per half →
// `const [rd, wr] = stream.split()`; `rd.reunite(wr)` → `rd.unsplit(wr)`.
import { spawn } from '@async/core';
import { TcpListener, TcpStream } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  await using listener = await TcpListener.bind('127.0.0.1:0');
  // The server upper-cases what it reads.
  const server = spawn(async () => {
    await using conn = await listener.accept();
    for await (const chunk of conn)
      await conn.writeAll(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase()));
    await conn.shutdown();
  });

  const stream = await TcpStream.connect(listener.localAddr);
  const [rd, wr] = stream.split();
  // One task writes while the other reads: neither waits for the other.
  const writer = spawn(async () => {
    for (const word of ['one ', 'two ', 'three']) await wr.writeAll(new TextEncoder().encode(word));
    await wr.shutdown();
  });
  const reader = spawn(async () => new TextDecoder().decode(await rd.readToEnd({ maxBytes: 1024 })));
  await writer;
  out(`read half got: ${await reader}`);
  await server;

  const whole = rd.unsplit(wr);
  out(`unsplit gives the same stream back: ${whole === stream}`);
  await whole.close();
}

if (isMain(import.meta)) await main();
