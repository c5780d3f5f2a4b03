// What the showcase's tests share: servers on free ports that are shut down after each test, and a
// bounded wait for something the server does on its own (notice that a client went away, say), and
// a child process's output read line by line.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { sleep, TestClock } from '@async/time';
import { afterEach } from 'vitest';
import { type ChatServer, type ChatServerOptions, startChatServer } from '../server';
import { PATIENCE_MS } from './client';

const servers: { server: ChatServer; clock: TestClock | undefined }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(({ server, clock }) => stop(server, clock)));
});

/** Shuts `server` down; on a test clock, moves time on until the grace period is over (at most a minute). */
async function stop(server: ChatServer, clock: TestClock | undefined): Promise<void> {
  let stopped = false;
  const stopping = server.shutdown().finally(() => {
    stopped = true;
  });
  for (let i = 0; i < 600 && clock !== undefined && !stopped; i++) await clock.advance(100);
  await stopping;
}

/** A server on free ports, binary only unless `textAddr` is given, shut down after the test. */
export async function startTestServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const server = await startChatServer({
    addr: '127.0.0.1:0',
    textAddr: null,
    gracePeriodMs: 100,
    ...options,
  });
  servers.push({ server, clock: options.clock instanceof TestClock ? options.clock : undefined });
  return server;
}

/** Waits until `condition` holds, checking every 5 ms at most 4,000 times (then fails). */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 4_000; i++) {
    if (condition()) return;
    await sleep(5);
  }
  throw new Error(`never happened: ${what}`);
}

/** A child's stdout as lines, each wait bounded by PATIENCE_MS. */
export class OutputLines {
  private readonly lines: string[] = [];
  private buffer = '';
  private wake: (() => void) | undefined;
  private ended = false;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (this.buffer + chunk).split('\n');
      this.buffer = parts.pop()!;
      this.lines.push(...parts);
      this.wake?.();
    });
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        this.ended = true;
        this.wake?.();
        resolve(code);
      }),
    );
  }

  /** Lines until (and with) the first that `last` accepts; fails at the end of output or after PATIENCE_MS. */
  async until(last: (line: string) => boolean): Promise<string[]> {
    const deadline = Date.now() + PATIENCE_MS;
    for (let read = 0; ; ) {
      while (read < this.lines.length) if (last(this.lines[read++]!)) return this.lines.splice(0, read);
      if (this.ended || Date.now() > deadline) throw new Error(`not found in ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }
}
