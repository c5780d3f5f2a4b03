// IO-06 TCP client: connect, send a request, read the response; a refused connection is a typed error.
// tokio: `TcpStream::connect(addr).await?` → `await TcpStream.connect(addr, { noDelay: true })`;
// `write_all` / `read_to_end` → `writeAll` / `readToEnd({ maxBytes })`; `ErrorKind::ConnectionRefused` →
// `ConnectionRefusedError.is(e)`.
import { ConnectionRefusedError, TcpListener, TcpStream } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  // A tiny server to talk to: answers one request with its length.
  const listener = await TcpListener.bind('127.0.0.1:0');
  const server = (async () => {
    await using conn = await listener.accept();
    const request = await conn.readToEnd({ maxBytes: 1024 });
    await conn.writeAll(new TextEncoder().encode(`got ${request.length} bytes`));
    await conn.shutdown();
  })();

  {
    await using stream = await TcpStream.connect(listener.localAddr, { noDelay: true });
    out(`connected to ${stream.peerAddr.host}`);
    await stream.writeAll(new TextEncoder().encode('hello server'));
    await stream.shutdown(); // no more requests: the server sees the end
    out(`response: ${new TextDecoder().decode(await stream.readToEnd({ maxBytes: 1024 }))}`);
  }
  await server;
  const { port } = listener.localAddr;
  await listener.close();

  // Nobody listens there any more.
  try {
    await TcpStream.connect({ host: '127.0.0.1', port });
  } catch (e) {
    if (!ConnectionRefusedError.is(e)) throw e;
    out(`refused: ${e.code}, address named: ${e.message.endsWith(`127.0.0.1:${port}`)}`);
  }
}

if (isMain(import.meta)) await main();
