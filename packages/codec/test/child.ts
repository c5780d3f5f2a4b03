// Runs a snippet in a child Node process with a time limit: for cases where a bug would hang the
// process synchronously (a test in this process could never time out), and for memory checks that
// need `--expose-gc`. The snippet is an ES module; `@async/<name>` resolves to the package's source.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const register = fileURLToPath(new URL('./child/register.mjs', import.meta.url));

export interface ChildResult {
  /** What the snippet printed, trimmed. */
  readonly stdout: string;
  readonly stderr: string;
  /** The process exceeded its time limit and was killed. */
  readonly timedOut: boolean;
}

export function runChild(snippet: string, timeoutMs = 30_000): Promise<ChildResult> {
  const args = ['--expose-gc', '--import', 'tsx', '--import', register, '--input-type=module', '-e', snippet];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        resolve({ stdout: stdout.trim(), stderr, timedOut: error !== null && error.killed === true });
      },
    );
  });
}
