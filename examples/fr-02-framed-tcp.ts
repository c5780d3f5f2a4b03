// FR-02 framed TCP messaging with a sink: lines over a socket, read as a stream and written as a sink.
// tokio: `let mut framed = Framed::new(socket, LinesCodec::new()); framed.send(line).await?;
// while let Some(line) = framed.next().await` → `const io = framed(stream, new LinesCodec());
// await io.send(line); for await (const line of io)`; the server is `serve` with a graceful shutdown.
import { LinesCodec } from '@async/codec';
import { framed, serve, TcpListener, TcpStream } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const listener = await TcpListener.bind('127.0.0.1:0');
  const shutdown = new AbortController();
  const server = serve(
    listener,
    async (stream) => {
      const io = framed(stream, new LinesCodec({ maxLength: 1024 }));
      for await (const line of io) {
        if (line === 'BYE') break;
        await io.send(line === 'PING' ? 'PONG' : `ECHO ${line}`);
      }
      await io.send('GOODBYE');
    },
    { signal: shutdown.signal, maxConnections: 16, gracePeriod: 1000 },
  );

  await using stream = await TcpStream.connect(listener.localAddr);
  const io = framed(stream, new LinesCodec());
  for (const line of ['PING', 'hello', 'BYE']) {
    await io.feed(line); // buffered in the sink…
  }
  await io.flush(); // …and written in one go
  for await (const reply of io) out(`< ${reply}`);

  shutdown.abort();
  out(`server: ${JSON.stringify(await server)}`);
}

if (isMain(import.meta)) await main();
