// net on Bun and Deno, through their Node compatibility: the smoke scenarios (fixtures/smoke.mjs) run
// on the built package under Node, Bun and Deno, and each must print the same lines.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificate } from './helpers';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const smoke = fileURLToPath(new URL('./fixtures/smoke.mjs', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'async-net-runtimes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runtimes: Record<string, string[]> = {
  node: [process.execPath],
  bun: [bin('bun')],
  deno: [bin('deno'), 'run', '--allow-all', '--no-prompt'],
};

const expected = [
  'tcp echo: 100006 bytes, starts "hello a"',
  'framed: ok:0.0,ok:0.1 ok:1.0,ok:1.1 ok:2.0,ok:2.1',
  'serve: {"accepted":3,"completed":3,"aborted":0,"failed":0}',
  'files: 42 bytes, lines ["first","line 0","line 1","line 2","line 3","line 4"]',
  'idle timeout: read 0, {"accepted":1,"completed":0,"aborted":1,"failed":0}',
  'tls: secret reply, untrusted: ERR_TLS',
  'unix: ping pong',
  'done',
];

/** Whether `packages/<name>/dist` is missing or older than a file of its `src`. */
function stale(name: string): boolean {
  const built = join(root, 'packages', name, 'dist/index.js');
  if (!existsSync(built)) return true;
  const src = join(root, 'packages', name, 'src');
  const newest = Math.max(
    ...readdirSync(src, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(src, f)).mtimeMs),
  );
  return newest > statSync(built).mtimeMs;
}

beforeAll(() => {
  // The scenarios run on dist/. `npm test` builds before vitest; when a package's dist is missing
  // or older than its sources (vitest run on its own), build it. Never otherwise: a build rewrites
  // dist/ while other test files may be reading it.
  if (['net', 'codec', 'time', 'core'].some(stale)) {
    execFileSync(bin('turbo'), ['run', 'build', '--filter=@async/net...', '--output-logs=errors-only'], {
      cwd: root,
      stdio: 'ignore',
      env: {
        ...process.env,
        TURBO_TELEMETRY_DISABLED: '1',
        PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
      },
    });
  }
  certificate(dir, 'localhost', 'IP:127.0.0.1,DNS:localhost');
}, 120_000);

function run(command: string[]): Promise<{ lines: string[]; stderr: string }> {
  const [file, ...args] = command;
  return new Promise((resolve) => {
    execFile(
      file!,
      [...args, smoke, join(dir, 'localhost.cert.pem'), join(dir, 'localhost.key.pem')],
      { cwd: root, timeout: 60_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({ lines: stdout.trim().split('\n'), stderr: error ? `${error.message}\n${stderr}` : '' }),
    );
  });
}

describe('runtimes', () => {
  for (const [name, command] of Object.entries(runtimes)) {
    it(`${name} runs the smoke scenarios: TCP echo, framed, serve, idle timeout, files, TLS, Unix socket`, async () => {
      const { lines, stderr } = await run(command);
      expect(stderr).toBe('');
      expect(lines).toEqual(expected);
    }, 90_000);
  }
});
