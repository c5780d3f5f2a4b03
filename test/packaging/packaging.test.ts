// The tests of what ships. Everything else in vitest imports `@async/*` from `src/` (vitest.config.ts);
// here every package is packed as `pnpm publish` would pack it, the tarballs are installed with npm into
// projects in a temporary folder outside the workspace, and each package's smoke scenario (smoke.mjs)
// runs from ESM and from CommonJS in Node, Bun and Deno, and bundled in headless Chromium; the installed
// declarations are type-checked as a strict user project would check them.
//
// npm installs from the local tarballs only: every `@async/*` dependency is overridden to its tarball and
// npm runs `--offline`, so nothing comes from a registry. Nothing here measures time.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../../scripts/browser.mjs';
import { installedPackages, markdownBlocks } from '../../scripts/markdown-blocks.mjs';
import { bin, ensureBuilt, packageNames, root, toolEnv } from '../support/built';

/** Packages whose scenario needs Node's APIs (`node:net`): every runtime but the browser runs them. */
const NODE_ONLY = ['net'];
const SLOW = 300_000; // a safety net for a loaded machine, not a measure: nothing here asserts timing

const work = mkdtempSync(join(tmpdir(), 'async-packaging-'));
const tarballs = new Map<string, string>(); // package name → .tgz path
const manifest = (name: string) =>
  JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as Record<string, any>;
const scoped = (name: string) => `@async/${name}`;

/** A project that depends on the tarballs of `names`, with every `@async/*` dependency pinned to its tarball. */
function installProject(dir: string, names: string[]): string {
  mkdirSync(dir, { recursive: true });
  const spec = (name: string) => `file:${tarballs.get(name)}`;
  const pkg = {
    name: `smoke-${names.join('-')}`,
    private: true,
    dependencies: Object.fromEntries(names.map((n) => [scoped(n), spec(n)])),
    overrides: Object.fromEntries(packageNames.map((n) => [scoped(n), spec(n)])),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    {
      cwd: dir,
      stdio: 'pipe',
    },
  );
  copyFileSync(join(import.meta.dirname, 'smoke.mjs'), join(dir, 'smoke.mjs'));
  return dir;
}

/** The packages installed under `node_modules/@async` of a project. */
const installed = (dir: string) => readdirSync(join(dir, 'node_modules/@async')).sort();

/**
 * Writes the runners of a project: `esm.mjs` (static `import`s), `cjs.cjs` (`require`) and `browser.mjs`
 * (what esbuild bundles for the page). Each loads the installed packages, runs their scenarios and
 * prints `{ resolved, report }` as JSON: the file each package resolved to, and `runSmoke`'s report.
 */
function writeRunners(dir: string): void {
  const names = installed(dir);
  const browserNames = names.filter((n) => !NODE_ONLY.includes(n));
  const imports = (list: string[]) => list.map((n, i) => `import * as m${i} from '${scoped(n)}';`).join('\n');
  const table = (list: string[]) => `{ ${list.map((n, i) => `'${scoped(n)}': m${i}`).join(', ')} }`;
  writeFileSync(
    join(dir, 'esm.mjs'),
    `${imports(names)}
import { runSmoke } from './smoke.mjs';
const resolved = Object.fromEntries(${JSON.stringify(names.map(scoped))}.map((p) => [p, import.meta.resolve(p)]));
const report = await runSmoke(${table(names)}, ${JSON.stringify(names)});
console.log(JSON.stringify({ resolved, report }));
`,
  );
  writeFileSync(
    join(dir, 'cjs.cjs'),
    `const names = ${JSON.stringify(names.map(scoped))};
const modules = Object.fromEntries(names.map((p) => [p, require(p)]));
const resolved = Object.fromEntries(names.map((p) => [p, require.resolve(p)]));
import('./smoke.mjs')
  .then(({ runSmoke }) => runSmoke(modules, ${JSON.stringify(names)}))
  .then((report) => console.log(JSON.stringify({ resolved, report })));
`,
  );
  writeFileSync(
    join(dir, 'browser.mjs'),
    `${imports(browserNames)}
import { runSmoke } from './smoke.mjs';
globalThis.smoke = runSmoke(${table(browserNames)}, ${JSON.stringify(browserNames)}).then((report) => ({ report }));
`,
  );
}

interface Outcome {
  resolved?: Record<string, string>;
  report: Record<string, string>;
}

/** Runs a runner with a runtime and returns what it printed last. */
function runWith(command: string, args: string[], cwd: string): Outcome {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return JSON.parse(last) as Outcome;
}

/** Bundles `browser.mjs` for the page (esbuild resolves the installed packages' browser/ESM builds). */
async function runInChromium(dir: string): Promise<Outcome> {
  const bundle = await build({
    entryPoints: [join(dir, 'browser.mjs')],
    absWorkingDir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.evaluate(bundle.outputFiles[0]!.text);
    const outcome = (await page.evaluate('globalThis.smoke')) as Outcome;
    expect(errors).toEqual([]);
    return outcome;
  } finally {
    await browser.close();
  }
}

const allOk = (names: string[]) => Object.fromEntries(names.map((n) => [n, 'ok']));

let everything: string; // the project with every package installed

beforeAll(async () => {
  ensureBuilt();
  const out = join(work, 'tarballs');
  execFileSync(bin('pnpm'), ['-r', '--filter', './packages/*', 'pack', '--pack-destination', out], {
    cwd: root,
    env: toolEnv,
    stdio: 'pipe',
  });
  for (const file of readdirSync(out)) {
    const name = packageNames.find((n) => file === `async-${n}-${manifest(n).version}.tgz`);
    if (name !== undefined) tarballs.set(name, join(out, file));
  }
  expect([...tarballs.keys()].sort()).toEqual(packageNames);
  everything = installProject(join(work, 'all'), packageNames);
  writeRunners(everything);
}, SLOW);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed packages, installed from their tarballs', () => {
  const runtimes: [string, string, string[], RegExp][] = [
    ['Node, ESM', process.execPath, ['esm.mjs'], /\/dist\/index\.js$/],
    ['Node, CommonJS', process.execPath, ['cjs.cjs'], /\/dist\/index\.cjs$/],
    ['Bun, ESM', bin('bun'), ['esm.mjs'], /\/dist\/index\.js$/],
    ['Bun, CommonJS', bin('bun'), ['cjs.cjs'], /\/dist\/index\.cjs$/],
    ['Deno, ESM', bin('deno'), ['run', '--allow-all', 'esm.mjs'], /\/dist\/index\.js$/],
    ['Deno, CommonJS', bin('deno'), ['run', '--allow-all', 'cjs.cjs'], /\/dist\/index\.cjs$/],
  ];

  test.each(runtimes)(
    '%s: every package loads its own build and passes its smoke scenario',
    (_, command, args, build) => {
      const { resolved, report } = runWith(command, args, everything);
      expect(report).toEqual(allOk(packageNames));
      for (const file of Object.values(resolved!)) expect(file).toMatch(build);
    },
    SLOW,
  );

  test(
    `headless Chromium (bundled by esbuild): every package but ${NODE_ONLY.join(', ')} passes its smoke scenario`,
    async () => {
      const { report } = await runInChromium(everything);
      expect(report).toEqual(allOk(packageNames.filter((n) => !NODE_ONLY.includes(n))));
    },
    SLOW,
  );

  test.each(['channels', 'resilience'])(
    'installing @async/%s alone brings in only its declared @async dependencies, and it runs',
    (name) => {
      const dir = installProject(join(work, `only-${name}`), [name]);
      const declared = Object.keys(manifest(name).dependencies ?? {});
      const closure = new Set([name]);
      for (const dep of declared) closure.add(dep.replace('@async/', ''));
      // Dependencies of dependencies too (resilience → time → core).
      for (const dep of [...closure]) {
        for (const d of Object.keys(manifest(dep).dependencies ?? {})) closure.add(d.replace('@async/', ''));
      }
      expect(installed(dir)).toEqual([...closure].sort());
      expect(installed(dir).length).toBeLessThan(packageNames.length);
      writeRunners(dir);
      expect(runWith(process.execPath, ['esm.mjs'], dir).report).toEqual(allOk(installed(dir)));
    },
    SLOW,
  );
});

// The installed declarations compile in a user's project that checks them: `skipLibCheck: false`,
// strict, from an ES module and a CommonJS one (node16 resolution picks `.d.ts` or `.d.cts` through the
// published `exports`), and with a bundler's resolution. Each file imports every entry point, and uses
// `mpsc` as both a value and a namespace of types, as users write it.
describe('the installed declarations compile with skipLibCheck off', () => {
  const entries = [...packageNames.map(scoped), '@async/core/protocol'];
  const source = `${entries.map((entry, i) => `import * as m${i} from '${entry}';`).join('\n')}
import { mpsc } from '@async/channels';
export const all = [${entries.map((_, i) => `m${i}`).join(', ')}];
export const pair: [mpsc.Sender<number>, mpsc.Receiver<number>] = mpsc.channel<number>(1);
`;

  /** tsc's complaints about `files` under `options`, or '' when they compile. */
  const compile = (name: string, files: string[], options: Record<string, unknown>): string => {
    for (const file of files) writeFileSync(join(everything, file), source);
    const config = join(everything, `tsconfig.${name}.json`);
    const compilerOptions = {
      target: 'ES2022',
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      ...options,
    };
    writeFileSync(config, JSON.stringify({ compilerOptions, files }));
    const result = spawnSync(bin('tsc'), ['-p', config], { encoding: 'utf8' });
    return result.status === 0 ? '' : `${result.stdout}${result.stderr}`;
  };

  test(
    'from an ES module and from a CommonJS module, node16 resolution',
    () => {
      const errors = compile('node16', ['types-esm.mts', 'types-cjs.cts'], {
        module: 'node16',
        moduleResolution: 'node16',
      });
      expect(errors).toBe('');
    },
    SLOW,
  );

  test(
    'from a bundler',
    () => {
      const errors = compile('bundler', ['types-bundler.ts'], {
        module: 'preserve',
        moduleResolution: 'bundler',
      });
      expect(errors).toBe('');
    },
    SLOW,
  );
});

describe('what each tarball holds', () => {
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  test.each(packageNames)('@async/%s: the build, README, CHANGELOG and LICENSE, and nothing else', (name) => {
    const dir = join(everything, 'node_modules/@async', name);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
      .sort();
    const [meta, built] = [
      files.filter((f) => !f.startsWith('dist/')),
      files.filter((f) => f.startsWith('dist/')),
    ];
    expect(meta).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    expect(built.filter((f) => !/\.(js|cjs|d\.ts|d\.cts)$/.test(f))).toEqual([]); // no source maps, no sources
    expect(built).toContain('dist/index.js');
    expect(built).toContain('dist/index.cjs');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# @async/${name}\\n`));
  });

  test.each(packageNames)(
    '@async/%s: the published manifest says where it comes from, and no more',
    (name) => {
      const published = JSON.parse(
        readFileSync(join(everything, 'node_modules/@async', name, 'package.json'), 'utf8'),
      );
      const repo = rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
      expect(published).toMatchObject({
        license: 'MIT',
        sideEffects: false,
        repository: { type: 'git', url: rootManifest.repository.url, directory: `packages/${name}` },
        homepage: `${repo}/tree/main/packages/${name}#readme`,
        bugs: { url: `${repo}/issues` },
        publishConfig: { access: 'public' },
      });
      expect(published.keywords.length).toBeGreaterThan(2);
      // Working on the package is not using it: .pnpmfile.cjs drops these when packing.
      expect(Object.keys(published)).not.toContain('scripts');
      expect(Object.keys(published)).not.toContain('devDependencies');
      expect(Object.keys(published)).not.toContain('size-limit');
      expect(JSON.stringify(published.dependencies ?? {})).not.toContain('workspace:');
    },
  );

  test.each(packageNames)('@async/%s: every link of the README works on the npm page', (name) => {
    const readme = readFileSync(join(everything, 'node_modules/@async', name, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !/^(https:\/\/|#)/.test(t))).toEqual([]);
  });
});

// A reader copies the install line, then the examples. Each README's ```ts blocks (all but `no-run`),
// compiled by esbuild, run in Node in a project where `@async/*` resolves to the installed tarballs of
// the install line's packages and to nothing else (the packages' own dependencies resolve as npm installed
// them). The doc-tests (scripts/doctest.mjs) check the same rule on the imports and type-check the blocks.
describe('every README example runs with only what its install line installs', () => {
  test.each(packageNames)(
    '@async/%s',
    async (name) => {
      const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
      const installLine = installedPackages(readme);
      expect(installLine).toContain(scoped(name));
      const dir = join(work, `readme-${name}`);
      mkdirSync(join(dir, 'node_modules/@async'), { recursive: true });
      for (const pkg of installLine!) {
        symlinkSync(join(everything, 'node_modules', pkg), join(dir, 'node_modules', pkg), 'dir');
      }
      const blocks = markdownBlocks(readme).filter((b) => b.run);
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        const { code } = await transform(block.code, { loader: 'ts', format: 'esm', target: 'es2022' });
        writeFileSync(join(dir, `line-${block.line}.mjs`), code);
      }
      writeFileSync(
        join(dir, 'run.mjs'),
        `const report = {};
for (const line of ${JSON.stringify(blocks.map((b) => b.line))}) {
  try {
    await import(\`./line-\${line}.mjs\`);
    report[line] = 'ok';
  } catch (error) {
    report[line] = String(error?.stack ?? error);
  }
}
console.log(JSON.stringify({ report }));
`,
      );
      const { report } = runWith(process.execPath, ['run.mjs'], dir);
      expect(report).toEqual(Object.fromEntries(blocks.map((b) => [b.line, 'ok'])));
    },
    SLOW,
  );
});
