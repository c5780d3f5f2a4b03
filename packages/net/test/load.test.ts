// A thousand concurrent connections against `serve`, in a child process whose open-file limit is
// raised to the hard limit first (two thousand descriptors; a soft limit of 1024 is common): the
// scenarios are in fixtures/load.ts.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const scenario = fileURLToPath(new URL('./fixtures/load.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../../scripts/isolated/tsconfig.json', import.meta.url));
const CONNECTIONS = 1000;

/** The child's report (fixtures/load.ts). */
interface Report {
  readonly error?: string;
  readonly wrong: string[];
  readonly mostRunning: number;
  readonly outcomes: { answered: number; refused: number; closed: number; wrong: number };
  readonly stats: { accepted: number; completed: number; aborted: number; failed: number };
}

function runScenario(mode: 'concurrent' | 'shutdown'): Promise<Report> {
  const script = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" --import tsx "$@"';
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', script, process.execPath, scenario, mode, String(CONNECTIONS)],
      { cwd: root, timeout: 60_000, env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
      },
    );
  });
}

describe('load', () => {
  it(`${CONNECTIONS} concurrent connections doing framed request/response: all answered, all open at once`, async () => {
    const report = await runScenario('concurrent');
    expect(report.error).toBeUndefined();
    expect(report.wrong).toEqual([]);
    expect(report.mostRunning).toBe(CONNECTIONS);
    expect(report.stats).toEqual({ accepted: CONNECTIONS, completed: CONNECTIONS, aborted: 0, failed: 0 });
  }, 90_000);

  it('graceful shutdown under that load loses no accepted request', async () => {
    const { error, outcomes, stats } = await runScenario('shutdown');
    expect(error).toBeUndefined();
    // Every connection the server accepted finished its handler and got its answer ...
    expect(stats.aborted).toBe(0);
    expect(stats.failed).toBe(0);
    expect(stats.completed).toBe(stats.accepted);
    expect(outcomes.answered).toBe(stats.accepted);
    expect(outcomes.wrong).toBe(0);
    // ... and every other client was refused, or closed without an answer: none hung or was lost.
    expect(outcomes.answered + outcomes.refused + outcomes.closed).toBe(CONNECTIONS);
    expect(outcomes.answered).toBeGreaterThanOrEqual(Math.floor(CONNECTIONS / 3));
  }, 90_000);
});
