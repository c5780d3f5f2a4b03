/**
 * Runs a test's script in a child Node process, for what a test cannot check inside vitest's own
 * process: unhandled rejections, exit codes, heap measured after `gc()`, and code that may hang
 * synchronously (the child is killed at `timeoutMs`, and the test fails instead of hanging).
 *
 * The script is an ES module that may `import … from '@async/<name>'`: tsx resolves that to the
 * package's source through this folder's tsconfig, as vitest's alias does, so no build is needed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Isolated {
  /** The child's exit code; `null` when it was killed (it ran past `timeoutMs`). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the child ran past its time limit and was killed. */
  readonly timedOut: boolean;
}

export interface IsolatedOptions {
  /** Kill the child after this long: a synchronous hang fails the test instead of hanging it. */
  readonly timeoutMs?: number;
  /** Start the child with `--expose-gc`, so the script can call `gc()`. */
  readonly gc?: boolean;
}

/** Runs `script` (an ES module's text, top-level `await` allowed) in a fresh `node`. */
export function runIsolated(script: string, options: IsolatedOptions = {}): Isolated {
  const args = ['--import', 'tsx', '--input-type=module', '--no-warnings=ExperimentalWarning'];
  if (options.gc) args.push('--expose-gc');
  args.push('-e', script);
  const out = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
  return {
    status: out.status,
    stdout: out.stdout ?? '',
    stderr: out.stderr ?? '',
    timedOut: out.error !== undefined && (out.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}
