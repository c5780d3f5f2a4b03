// The chat server as a program:
//   node --import tsx examples/showcase/serve.ts [--port 7878] [--text-port 7879] [--host 127.0.0.1]
// It prints a statistics line per second and shuts down gracefully on SIGINT/SIGTERM (`run` of
// @async/core turns the signal into its root signal's abort).
import { parseArgs } from 'node:util';
import { run } from '@async/core';
import { isMain, type Out } from '../is-main';
import { startChatServer } from './server';
import { type ServerStats, statsLine } from './stats';

/** Serves until `signal` aborts, then shuts down gracefully. */
export async function main(
  args: readonly string[],
  signal: AbortSignal,
  out: Out = console.log,
): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7878' },
      'text-port': { type: 'string', default: '7879' },
      'grace-ms': { type: 'string', default: '2000' },
    },
  });
  let previous: ServerStats | undefined;
  let at = performance.now();
  const server = await startChatServer({
    addr: `${values.host}:${port(values.port, '--port')}`,
    textAddr: `${values.host}:${port(values['text-port'], '--text-port')}`,
    gracePeriodMs: Number(values['grace-ms']),
    onStats: (stats) => {
      const now = performance.now();
      if (previous !== undefined) out(statsLine(previous, stats, now - at));
      previous = stats;
      at = now;
    },
  });
  out(`chat server: binary frames on ${server.addr}, text lines on ${server.textAddr}`);
  out(`join by hand: socat - TCP:${server.textAddr}`);
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  out('shutting down: clients are told, connections close within the grace period');
  await server.shutdown();
  out(`stopped: ${server.stats().connections} connections open`);
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new RangeError(`${flag} must be a port number, got ${value}`);
  return n;
}

if (isMain(import.meta)) await run((signal) => main(process.argv.slice(2), signal), { name: 'chat-server' });
