// Real peers, whose protocol code nobody here wrote: `socat` in text mode, as a person would join by
// hand, and a Python asyncio client speaking the binary frames. Both talk to a binary client of ours
// in the same room, through the same sessions.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { type ServerFrame, TEXT_HELP } from '../protocol';
import { TestClient } from './client';
import { OutputLines, startTestServer } from './support';

it('socat joins in text mode: help, commands, messages both ways, errors as lines, /quit', async () => {
  const server = await startTestServer({ textAddr: '127.0.0.1:0' });
  const socat = spawn('socat', ['-', `TCP:${server.textAddr}`]);
  const out = new OutputLines(socat);
  const say = (line: string) => socat.stdin.write(`${line}\n`);
  expect(await out.until((l) => l.startsWith('commands:'))).toEqual(TEXT_HELP.split('\n'));

  say('hello before joining');
  expect(await out.until((l) => l.startsWith('!'))).toEqual(['! not_joined: join a room first: /join ROOM']);
  say('/nick ann');
  say('/join lobby');
  expect(await out.until((l) => l.startsWith('* joined'))).toEqual([
    '* welcome, ann (id 1)',
    '* joined lobby (1 member)',
  ]);
  const bob = await TestClient.hello(server.addr, 'bob');
  await bob.join('lobby');
  say('hi bob');
  expect(await bob.next()).toMatchObject({
    t: 'msg',
    room: 'lobby',
    n: 1,
    from: 'ann',
    seq: 1,
    body: 'hi bob',
  });
  await bob.say('lobby', 1, 'hi ann');
  expect(await out.until((l) => l.includes('hi ann'))).toEqual([
    '[lobby] ann: hi bob',
    '[lobby] bob: hi ann',
  ]);
  say('/join no spaces allowed');
  say('/dance');
  say('x'.repeat(2_000));
  expect(await out.until((l) => l.startsWith('! too_long'))).toEqual([
    '! bad_frame: usage: commands: /nick NAME, /join ROOM, /leave ROOM, /quit',
    '! bad_frame: unknown command /dance; commands: /nick NAME, /join ROOM, /leave ROOM, /quit',
    '! too_long: body of 2000 > 1024 (seq 2)',
  ]);
  say('/leave lobby');
  expect(await out.until((l) => l.startsWith('* left'))).toEqual(['* left lobby']);
  say('/quit');
  expect(await out.exited).toBe(0);
  expect(server.stats().refused).toMatchObject({ not_joined: 1, bad_frame: 2, too_long: 1 });
  await bob.close();
});

it('a Python asyncio client speaks the binary protocol with one of ours', async () => {
  const server = await startTestServer();
  const bob = await TestClient.hello(server.addr, 'bob');
  await bob.join('lobby');
  const port = server.addr.split(':').at(-1)!;
  const peer = fileURLToPath(new URL('./fixtures/peer.py', import.meta.url));
  const python = spawn('python3', [peer, port, 'py', 'lobby', 'hello from asyncio']);
  const out = new OutputLines(python);
  python.stderr.pipe(process.stderr);
  expect(await bob.next()).toMatchObject({ t: 'msg', n: 1, from: 'py', seq: 1, body: 'hello from asyncio' });
  await bob.say('lobby', 1, 'hello from node');
  const lines = await out.until((l) => l.includes('hello from node'));
  expect(await out.exited).toBe(0);
  const frames = lines.map((l) => JSON.parse(l) as ServerFrame);
  expect(frames[0]).toEqual({ t: 'welcome', id: 2, name: 'py' });
  expect(frames[1]).toEqual({ t: 'joined', room: 'lobby', members: 2 });
  expect(frames.filter((f) => f.t === 'msg').map((f) => f.t === 'msg' && f.body)).toEqual([
    'hello from asyncio',
    'hello from node',
  ]);
  expect(frames.filter((f) => f.t === 'error')).toEqual([
    { t: 'error', kind: 'bad_frame', message: expect.any(String) },
  ]);
  await bob.close();
});
