// How connections end: a client that vanishes (mid-frame, mid-header, with messages on their way to
// it) leaves no session, task, room membership or socket behind; a graceful shutdown tells every
// client, lets the rooms deliver what they hold, closes what is still open after the grace period,
// and resolves with nothing left running.
import { ConnectionRefusedError, TcpStream } from '@async/net';
import { expect, it } from 'vitest';
import { startChatServer } from '../server';
import { TestClient } from './client';
import { eventually, startTestServer } from './support';

/**
 * Node's handles that a server or a connection holds: sockets and listeners. (Timers are left out:
 * the test runner's come and go.)
 */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo())
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap') counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Waits until the handles are back to `before` (closing is asynchronous); fails showing the difference. */
async function handlesBack(before: Record<string, number>): Promise<void> {
  await eventually(() => JSON.stringify(handles()) === JSON.stringify(before), 'the handles released').catch(
    () => {},
  );
  expect(handles()).toEqual(before);
}

it('a client that vanishes mid-frame leaves no connection, member or handle behind', async () => {
  const before = handles();
  const server = await startChatServer({ addr: '127.0.0.1:0', textAddr: null, burst: 1_000 });
  const listener = await TestClient.hello(server.addr, 'listener');
  await listener.join('lobby');

  // Half a length prefix; a prefix and part of its frame; a member with messages on the way to it.
  const halfHeader = await TcpStream.connect(server.addr);
  await halfHeader.writeAll(new Uint8Array([0, 0]));
  const halfFrame = await TcpStream.connect(server.addr);
  await halfFrame.writeAll(new Uint8Array([0, 0, 0, 100, 0x7b, 0x22]));
  const member = await TestClient.hello(server.addr, 'member');
  await member.join('lobby');
  for (let seq = 1; seq <= 50; seq++) await member.say('lobby', seq);
  await eventually(() => server.stats().connections === 4, 'four connections');
  await Promise.all([halfHeader.close(), halfFrame.close(), member.close()]);

  await eventually(() => server.stats().connections === 1, 'the vanished clients noticed');
  expect(server.stats().rooms).toEqual([{ name: 'lobby', members: 1, messages: 50 }]);
  await listener.send({ t: 'bye' });
  expect((await listener.rest()).filter((f) => f.t !== 'msg')).toEqual([]);
  await listener.close();
  await eventually(() => server.stats().connections === 0, 'the last client left');
  await server.shutdown();
  expect(server.stats()).toMatchObject({ connections: 0, accepted: 4, rooms: [] });
  await handlesBack(before);
});

it('a graceful shutdown tells every client, delivers what the rooms hold, and closes the rest after the grace period', async () => {
  const before = handles();
  const server = await startChatServer({ addr: '127.0.0.1:0', textAddr: '127.0.0.1:0', gracePeriodMs: 300 });
  const polite = await TestClient.hello(server.addr, 'polite');
  await polite.join('lobby');
  const stubborn = await TestClient.hello(server.addr, 'stubborn');
  await stubborn.join('lobby');
  for (let seq = 1; seq <= 5; seq++) await stubborn.say('lobby', seq);
  expect((await polite.until((f) => f.t === 'msg' && f.n === 5)).length).toBe(5);

  const stopping = server.shutdown();
  expect(await polite.next()).toEqual({ t: 'shutdown' });
  await polite.send({ t: 'bye' }); // a polite client leaves when told
  expect(await polite.rest()).toEqual([]);
  // The stubborn one says more and stays: its messages go nowhere, and the server closes it.
  await stubborn.say('lobby', 6);
  await stopping;
  expect(server.stats()).toMatchObject({ connections: 0, accepted: 2 });
  // What it never read is still in its socket: the five messages, the notice, then the end.
  const told = await stubborn.rest();
  expect(told.map((f) => (f.t === 'msg' ? f.n : f.t))).toEqual([1, 2, 3, 4, 5, 'shutdown']);
  await expect(TcpStream.connect(server.addr)).rejects.toSatisfy(ConnectionRefusedError.is);
  await expect(TcpStream.connect(server.textAddr!)).rejects.toSatisfy(ConnectionRefusedError.is);
  await Promise.all([polite.close(), stubborn.close()]);
  await handlesBack(before);
});

it('shutdown() with no client resolves at once and twice', async () => {
  const server = await startTestServer();
  await server.shutdown();
  await server.shutdown();
  expect(server.stats().connections).toBe(0);
});
