// One default clock per process, and `instanceof` across copies, whatever the install tree.
//
// An application can load two copies of the @async packages: the ESM build through `import` beside
// the CJS build through `require`, or a second version nested under a dependency. Each layout below is
// built from the packages' `dist` (what ships; vitest's aliases point the other tests at `src`), and
// `fixtures/copies-scenario.mjs` runs in a child process with copy A and copy B: a `TestClock`
// installed from either copy must drive `sleep`, `interval`, `timeout`, `throttle`, `retry` and `run`
// of both, and an error of one copy must be `instanceof` the other copy's class.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureBuilt, root } from './support/built';

/** The packages the scenario loads, with the ones they depend on. */
const names = ['core', 'time', 'sync', 'stream', 'channels', 'resilience'];
const scenario = join(root, 'test/fixtures/copies-scenario.mjs');
const dirs: string[] = [];

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function runScenario(a: string, b: string): Check[] {
  const out = execFileSync(process.execPath, [scenario, a, b], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Check[];
}

/** A fresh folder holding `@async/<name>` for every package, each made by `place(from, to)`. */
function layout(into: string, place: (from: string, to: string) => void): string {
  for (const name of names) {
    mkdirSync(join(into, '@async'), { recursive: true });
    place(join(root, 'packages', name), join(into, '@async', name));
  }
  return into;
}

/** Copies what a tarball of the package holds at run time: its manifest and its build. */
function copyPackage(from: string, to: string, version?: string): void {
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { version: string };
  if (version !== undefined) manifest.version = version;
  writeFileSync(join(to, 'package.json'), JSON.stringify(manifest, null, 2));
}

function expectAllPass(checks: Check[]): void {
  // Every check of both directions ran (a scenario that stopped early must not pass).
  expect(checks.length).toBeGreaterThanOrEqual(40);
  expect(checks.filter((c) => !c.ok).map((c) => `${c.name} ${c.detail}`.trim())).toEqual([]);
}

describe('two copies of the packages in one process', () => {
  ensureBuilt();
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('the ESM build through import beside the CJS build through require', () => {
    const dir = mkdtempSync(join(tmpdir(), 'async-esm-cjs-'));
    dirs.push(dir);
    // The workspace's packages as they are, linked: each resolves @async/core to packages/core,
    // whose ESM and CJS builds are the two copies.
    const modules = layout(join(dir, 'node_modules'), (from, to) => symlinkSync(from, to, 'dir'));
    expectAllPass(runScenario(`esm:${modules}`, `cjs:${modules}`));
  });

  /**
   * node_modules/@async/* is the application's copy; node_modules/dep/node_modules/@async/* a
   * dependency's own, another version, which Node resolves for the dependency's imports.
   */
  const nestedVersions = (name: string): { top: string; nested: string } => {
    const dir = mkdtempSync(join(tmpdir(), name));
    dirs.push(dir);
    const top = layout(join(dir, 'node_modules'), (from, to) => copyPackage(from, to));
    const nested = layout(join(dir, 'node_modules/dep/node_modules'), (from, to) =>
      copyPackage(from, to, '0.1.0'),
    );
    return { top, nested };
  };

  test('a second version nested under a dependency, both loaded as ESM', () => {
    const { top, nested } = nestedVersions('async-nested-');
    expectAllPass(runScenario(`esm:${top}`, `esm:${nested}`));
  });

  test('a second version nested under a dependency, one copy loaded as CJS', () => {
    const { top, nested } = nestedVersions('async-nested-cjs-');
    expectAllPass(runScenario(`cjs:${top}`, `esm:${nested}`));
  });
});
