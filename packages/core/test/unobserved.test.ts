import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/unobserved.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Runs one scenario of `fixtures/unobserved.ts` in a child process, with a time limit. */
function scenario(name: string): { code: number | null; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', tsx, fixture, name], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: child.status, stderr: child.stderr };
}

describe('a cancellation the program asked for is never an error for nobody (child process)', () => {
  test.each([
    'abort-and-forget',
    'abort-with-reason-and-forget',
    'signal-and-forget',
    'token-cancel',
    'join-set-abort-all',
    'scope-aborts-siblings',
    'run-shutdown',
  ])('%s: exit code 0, nothing on stderr', (name) => {
    expect(scenario(name)).toEqual({ code: 0, stderr: '' });
  });
});

describe('a failure nobody asked for and nobody awaited is reported (child process)', () => {
  test('under run: reported when run ends, exit code 1', () => {
    const { code, stderr } = scenario('run-unobserved-failure');
    expect(code).toBe(1);
    expect(stderr).toContain("main: task 'writer' failed and nobody awaited it");
    expect(stderr).toContain('disk on fire');
  });

  test("outside run: the host's unhandled-rejection report, exit code 1", () => {
    const { code, stderr } = scenario('unobserved-failure');
    expect(code).toBe(1);
    expect(stderr).toContain("JoinError: task 'writer' failed: disk on fire");
  });
});
