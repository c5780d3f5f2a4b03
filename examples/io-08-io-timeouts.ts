// IO-08 timeouts on I/O operations.
// tokio: `timeout(Duration::from_secs(5), stream.read(&mut buf)).await` →
// `timeout(5000, (signal) => stream.read(buf, { signal }))`; connect timeouts →
// `TcpStream.connect(addr, { timeout })`. The reads here are cancel safe: a read that timed out consumed
// nothing, so the bytes that come later are all there. The clock is a TestClock: no real waiting.

import { TcpListener, TcpStream } from '@async/net';
import { TestClock, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  using clock = TestClock.install();
  await using listener = await TcpListener.bind('127.0.0.1:0');
  await using client = await TcpStream.connect(listener.localAddr, { timeout: 5000 });
  await using server = await listener.accept();

  // The server is silent: the read times out after 5 s (of the test clock).
  const pending = timeout(5000, (signal) => client.readExact(4, { signal })).then(
    () => 'read',
    (e: unknown) => (TimeoutError.is(e) ? `read timed out: ${e.code}` : Promise.reject(e)),
  );
  await clock.advance(5000);
  out(await pending);

  // The bytes that arrive after the timeout are intact: the aborted readExact took none.
  await server.writeAll(new TextEncoder().encode('late'));
  const late = await timeout(5000, (signal) => client.readExact(4, { signal }));
  out(`then read: ${new TextDecoder().decode(late)}`);
}

if (isMain(import.meta)) await main();
