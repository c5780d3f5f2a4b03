// The whole test suite, as CI runs it: `npm test` (after scripts/setup.mjs has installed the workspace).
//
// Stages run one after the other, each announced as `▶ [i/n] name` and closed with its wall and CPU time
// (the CPU time of the stage's processes, which, unlike the wall time, does not depend on what else the
// machine is running). A failed stage does not stop the later ones; the run ends with one line,
// `N passed, N failed`, counted over everything vitest ran plus the failed stages.
//
// Adding a check:
// - A test that needs the build (it reads `packages/*/dist`, packs, bundles, opens a browser) is a vitest
//   file under `test/` that calls `ensureBuilt()` from `test/support/built.ts`: the `vitest` stage runs
//   after `build`, so it needs no stage of its own (test/packaging/ and test/public-api.test.ts do this).
//   A lone `vitest run test/…` builds what is missing first.
// - A per-package task (a script in each package.json) goes in turbo.json and in the `build` stage's list.
// - Anything else is one more entry in `stages`, placed after what it reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The workspace's own binaries (pnpm among them) come first, by absolute path: turbo runs each
// package's script through `pnpm`, from inside the package's folder, on machines with no global pnpm.
const binDir = join(import.meta.dirname, '..', 'node_modules', '.bin');
const bin = (name) => join(binDir, name);
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};
const report = '.vitest-report.json';

const stages = [
  {
    // turbo prints each task as it starts (`@async/core:build: cache miss, executing …`) and the output
    // of the tasks that fail.
    name: 'build, typecheck, package checks (publint, attw) and size budgets, per package (turbo)',
    command: bin('turbo'),
    args: ['run', 'build', 'typecheck', 'check:pack', 'size', '--continue', '--output-logs=hash-only'],
  },
  {
    name: 'API reports (API Extractor: a changed public signature needs `pnpm api:update`)',
    command: 'node',
    args: ['scripts/api-report.mjs'],
  },
  { name: 'lint and format (Biome)', command: bin('biome'), args: ['check', '.'] },
  { name: 'extract doc-tests', command: 'node', args: ['scripts/doctest.mjs'] },
  { name: 'typecheck doc-tests', command: bin('tsc'), args: ['-p', '.doctests/tsconfig.json'] },
  {
    // Every package's tests, the examples, the doc-tests, and the tests of the built packages (test/).
    // The API reference is built there too, warnings as errors, by test/site.test.ts, which opens it.
    name: 'vitest',
    command: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`],
  },
];

/** CPU seconds used so far by this process's finished children (Linux; undefined elsewhere). */
function childrenCpuSeconds() {
  try {
    // /proc/self/stat: fields 16 and 17 (cutime, cstime) in clock ticks, 100 per second on Linux.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

const seconds = (s) => `${s.toFixed(1)} s`;
const failures = [];
const timings = [];
rmSync(report, { force: true });
const started = performance.now();

stages.forEach(({ name, command, args }, i) => {
  console.log(`\n▶ [${i + 1}/${stages.length}] ${name}`);
  const [wall0, cpu0] = [performance.now(), childrenCpuSeconds()];
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const wall = (performance.now() - wall0) / 1000;
  const cpuNow = childrenCpuSeconds();
  const cpu = cpu0 === undefined || cpuNow === undefined ? '' : `, CPU ${seconds(cpuNow - cpu0)}`;
  const ok = result.status === 0;
  if (!ok) failures.push(name);
  timings.push(`${ok ? '✓' : '✗'} [${i + 1}/${stages.length}] ${name}: ${seconds(wall)}${cpu}`);
  console.log(timings.at(-1));
});

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
} catch {
  failures.push('read vitest report');
}
rmSync(report, { force: true });

const cpuTotal = childrenCpuSeconds();
console.log(`\nStages:\n${timings.join('\n')}`);
console.log(
  `Total: ${seconds((performance.now() - started) / 1000)}${cpuTotal === undefined ? '' : `, CPU ${seconds(cpuTotal)}`}`,
);
if (failures.length > 0) console.log(`Failed stages: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed + failures.length} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
