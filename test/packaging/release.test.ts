// The release, tried as a dry run: `changeset version` then what `changeset publish` uploads (it runs
// `pnpm publish`, which packs as `pnpm pack` does), in a temporary copy of the workspace's manifests,
// changesets, changelogs and builds. The real `.changeset/`, versions and changelogs are never touched,
// and nothing is published. The steps are in docs/contributing.md ("Releasing").
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bin, ensureBuilt, packageNames, root, toolEnv } from '../support/built';

const SLOW = 300_000; // a safety net for a loaded machine, not a measure: nothing here asserts timing
const work = mkdtempSync(join(tmpdir(), 'async-release-'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const workspaceDirs = ['examples', 'bench', 'testing', ...packageNames.map((n) => `packages/${n}`)];

/**
 * A copy of what a release reads: the root manifest and workspace file, the pnpm hooks and the prepack
 * guard, `.changeset/`, and per workspace package its manifest, docs, changelog and build. Each package's
 * `node_modules` links its workspace dependencies, as `pnpm install` would, so that packing can turn
 * `workspace:^` into the version it stands for.
 */
function copyWorkspace(name: string): string {
  const dir = join(work, name);
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    '.pnpmfile.cjs',
    'scripts/prepack.mjs',
    '.changeset',
  ]) {
    cpSync(join(root, file), join(dir, file), { recursive: true });
  }
  const byName = new Map<string, string>();
  for (const ws of workspaceDirs) {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist']) {
      if (existsSync(join(root, ws, file)))
        cpSync(join(root, ws, file), join(dir, ws, file), { recursive: true });
    }
    byName.set(readJson(join(root, ws, 'package.json')).name, join(dir, ws));
  }
  for (const ws of workspaceDirs) {
    const manifest = readJson(join(dir, ws, 'package.json'));
    for (const [dep, spec] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      if (!String(spec).startsWith('workspace:')) continue;
      const link = join(dir, ws, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(byName.get(dep)!, link, 'dir');
    }
  }
  return dir;
}

const changesetFiles = (dir: string) =>
  readdirSync(join(dir, '.changeset')).filter((f) => f !== 'README.md' && f.endsWith('.md'));

function changesetVersion(dir: string): void {
  execFileSync(bin('changeset'), ['version'], { cwd: dir, env: toolEnv, stdio: 'pipe' });
}

const version = (dir: string, name: string) =>
  readJson(join(dir, 'packages', name, 'package.json')).version as string;
const changelog = (dir: string, name: string) =>
  readFileSync(join(dir, 'packages', name, 'CHANGELOG.md'), 'utf8');

/** The bump each pending changeset asks for, per package: `{ '@async/core': 'minor', … }` and the summaries. */
function pendingReleases(dir: string) {
  const bumps = new Map<string, 'major' | 'minor' | 'patch'>();
  const summaries = new Map<string, string[]>();
  const order = ['patch', 'minor', 'major'] as const;
  for (const file of changesetFiles(dir)) {
    const [, front = '', summary = ''] = readFileSync(join(dir, '.changeset', file), 'utf8').split(/^---$/m);
    for (const [, pkg, bump] of front.matchAll(/^"([^"]+)":\s*(major|minor|patch)\s*$/gm)) {
      const was = bumps.get(pkg!);
      if (was === undefined || order.indexOf(bump as never) > order.indexOf(was))
        bumps.set(pkg!, bump as never);
      summaries.set(pkg!, [...(summaries.get(pkg!) ?? []), summary.trim().split('\n')[0]!]);
    }
  }
  return { bumps, summaries };
}

beforeAll(() => ensureBuilt(), SLOW);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a release, tried in a copy of the workspace', () => {
  test(
    'changeset version turns every pending changeset into versions and changelog entries',
    () => {
      const pendingInRepo = changesetFiles(root);
      const dir = copyWorkspace('pending');
      const { bumps, summaries } = pendingReleases(dir);
      expect(bumps.size).toBeGreaterThan(0);
      const before = new Map(packageNames.map((n) => [n, version(dir, n)]));
      changesetVersion(dir);

      expect(changesetFiles(dir)).toEqual([]); // consumed
      for (const name of packageNames) {
        const bump = bumps.get(`@async/${name}`);
        if (bump === undefined) continue;
        const [major, minor, patch] = before.get(name)!.split('.').map(Number) as [number, number, number];
        const expected =
          bump === 'major'
            ? `${major + 1}.0.0`
            : bump === 'minor'
              ? `${major}.${minor + 1}.0`
              : `${major}.${minor}.${patch + 1}`;
        expect(version(dir, name), name).toBe(expected);
        const log = changelog(dir, name);
        expect(log.startsWith(`# @async/${name}\n\n## ${expected}\n`), name).toBe(true);
        for (const line of summaries.get(`@async/${name}`)!) expect(log, name).toContain(line);
      }
      // The private workspace packages are never released.
      for (const ws of ['examples', 'bench', 'testing']) {
        expect(readJson(join(dir, ws, 'package.json')).version).toBe(
          readJson(join(root, ws, 'package.json')).version,
        );
      }
      // The real workspace is untouched.
      expect(changesetFiles(root)).toEqual(pendingInRepo);
      for (const name of packageNames) expect(version(root, name)).toBe(before.get(name));
    },
    SLOW,
  );

  test(
    'a patch of core bumps every dependent, and the tarballs publish would upload name the new versions',
    () => {
      const dir = copyWorkspace('core-patch');
      for (const file of changesetFiles(dir)) rmSync(join(dir, '.changeset', file));
      writeFileSync(
        join(dir, '.changeset/core-fix.md'),
        '---\n"@async/core": patch\n---\n\nA fix in core.\n',
      );
      const before = version(dir, 'core');
      changesetVersion(dir);

      const next = version(dir, 'core');
      expect(next).not.toBe(before);
      expect(changelog(dir, 'core')).toContain('A fix in core.');
      const dependents = packageNames.filter(
        (n) => readJson(join(root, 'packages', n, 'package.json')).dependencies?.['@async/core'],
      );
      expect(dependents.length).toBe(packageNames.length - 1);
      for (const name of dependents) {
        expect(version(dir, name), name).not.toBe(
          readJson(join(root, 'packages', name, 'package.json')).version,
        );
        expect(changelog(dir, name), name).toMatch(
          new RegExp(`Updated dependencies[\\s\\S]*@async/core@${next}`),
        );
      }

      const out = join(dir, 'tarballs');
      execFileSync(bin('pnpm'), ['-r', '--filter', './packages/*', 'pack', '--pack-destination', out], {
        cwd: dir,
        env: toolEnv,
        stdio: 'pipe',
      });
      for (const name of packageNames) {
        const tarball = join(out, `async-${name}-${version(dir, name)}.tgz`);
        const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
        expect(
          files.filter((f) => !f.startsWith('package/dist/')),
          name,
        ).toEqual(['package/CHANGELOG.md', 'package/LICENSE', 'package/README.md', 'package/package.json']);
        expect(
          files.filter((f) => f.startsWith('package/dist/') && !/\.(js|cjs|d\.ts|d\.cts)$/.test(f)),
        ).toEqual([]);
        const manifest = JSON.parse(
          execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }),
        );
        expect(manifest.version).toBe(version(dir, name));
        if (name !== 'core') expect(manifest.dependencies['@async/core']).toBe(`^${next}`);
      }
    },
    SLOW,
  );
});

describe('the prepack guard', () => {
  const guard = (dir: string) =>
    spawnSync(process.execPath, [join(root, 'scripts/prepack.mjs')], { cwd: dir, encoding: 'utf8' });

  test('refuses a package whose build is missing, and passes a built one whatever its file times', () => {
    const dir = join(work, 'guard');
    cpSync(join(root, 'packages/sync'), dir, {
      recursive: true,
      preserveTimestamps: true,
      filter: (src) => !src.includes('node_modules'),
    });
    expect(guard(dir).status).toBe(0);

    const source = join(dir, 'src/index.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    // A checkout or turbo's cache leaves a correct build older than its sources: not a reason to refuse.
    expect(guard(dir).status).toBe(0);

    rmSync(join(dir, 'dist'), { recursive: true });
    const unbuilt = guard(dir);
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toMatch(/build is missing \(.*\.\/dist\/index\.js/);
    expect(unbuilt.stderr).toContain('pnpm build');
  });
});
