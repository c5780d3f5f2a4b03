// The whole test suite: build, typecheck, lint, package checks (publint, attw, size budget), the API
// reports, the API reference, doc-tests, and one vitest run over every package, the examples and the doc-tests.
// Ends with one line, `N passed, N failed`, counted over everything vitest ran.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The workspace's own binaries (pnpm among them) come first, by absolute path: turbo runs each
// package's script through `pnpm`, from inside the package's folder, on machines with no global pnpm.
const binDir = join(import.meta.dirname, '..', 'node_modules', '.bin');
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};
const failures = [];

function step(name, command, args) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) failures.push(name);
}

const bin = (name) => join(binDir, name);

step('build, typecheck, package checks and size budgets', bin('turbo'), [
  'run',
  'build',
  'typecheck',
  'check:pack',
  'size',
  '--continue',
  '--output-logs=errors-only',
]);
step('API reports (API Extractor: a changed public signature needs `pnpm api:update`)', 'node', [
  'scripts/api-report.mjs',
]);
step('lint and format', bin('biome'), ['check', '.']);
step('API reference (TypeDoc, warnings are errors)', bin('typedoc'), [
  '--treatWarningsAsErrors',
  '--logLevel',
  'Warn',
]);
step('extract doc-tests', 'node', ['scripts/doctest.mjs']);
step('typecheck doc-tests', bin('tsc'), ['-p', '.doctests/tsconfig.json']);

const report = '.vitest-report.json';
rmSync(report, { force: true });
step('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`]);

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

if (failures.length > 0) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed + failures.length} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
