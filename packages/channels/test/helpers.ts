import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Lets every pending promise callback run (an event-loop turn, not a timer). */
export const settle = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise settled, and how. */
export function track<T>(p: PromiseLike<T>): { done: boolean; value?: T; error?: unknown } {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}

/** The heap in use after full garbage collections (the flag is set at run time, as vitest can't pass it). */
export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Runs `body` (an ES module body that may `await`, with `channels` bound to this package's source) in a
 * child Node process with a small heap and a time limit, for cases that could exhaust memory or hang
 * synchronously. Returns what it printed, and its exit status (`null` when it was killed).
 */
export function runIsolated(body: string, { timeoutMs = 20_000, heapMiB = 128 } = {}) {
  const src = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const script = `const channels = await import(${JSON.stringify(src)});\n${body}`;
  const out = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMiB}`,
      '--expose-gc',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ],
    { encoding: 'utf8', timeout: timeoutMs },
  );
  return { stdout: out.stdout.trim(), stderr: out.stderr, status: out.status };
}
