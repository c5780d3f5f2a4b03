// The server as a program (serve.ts under `run`): it prints where it listens and a statistics line
// per second, and on SIGTERM tells its clients, shuts down gracefully and exits with 128 + 15.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { TestClient } from './client';
import { OutputLines } from './support';

const root = fileURLToPath(new URL('../../../', import.meta.url));

it('serves, reports, and stops gracefully on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'examples/showcase/serve.ts',
      '--port',
      '0',
      '--text-port',
      '0',
      '--grace-ms',
      '5000',
    ],
    { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/tsconfig.json' } },
  );
  child.stderr.pipe(process.stderr);
  const out = new OutputLines(child);
  const [banner] = await out.until((l) => l.startsWith('chat server:'));
  const [, addr, textAddr] = /binary frames on (\S+), text lines on (\S+)$/.exec(banner!)!;
  expect(textAddr).toMatch(/^127\.0\.0\.1:\d+$/);
  const client = await TestClient.hello(addr!, 'ann');
  await client.join('lobby');
  await client.say('lobby', 1);
  await client.until((f) => f.t === 'msg');
  const [stats] = (await out.until((l) => l.startsWith('1 connections'))).slice(-1);
  expect(stats).toMatch(
    /^1 connections \(1 accepted\), \d+ delivered, 0 lagged \(0 missed\) \| lobby: 1 member, \d+ msg\/s$/,
  );

  child.kill('SIGTERM');
  expect(await client.next()).toEqual({ t: 'shutdown' });
  await client.send({ t: 'bye' });
  expect(await client.rest()).toEqual([]);
  await client.close();
  expect(await out.exited).toBe(143);
  expect((await out.until((l) => l.startsWith('stopped'))).slice(-2)).toEqual([
    'shutting down: clients are told, connections close within the grace period',
    'stopped: 0 connections open',
  ]);
});
