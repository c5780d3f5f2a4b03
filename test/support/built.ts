// The tests that read what the build wrote (`packages/*/dist`) instead of the sources: `npm test` builds
// before vitest runs; a lone `vitest run` builds first whatever is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

/** The path of one of the workspace's binaries (`node_modules/.bin`). */
export const bin = (name: string): string => join(root, 'node_modules/.bin', name);

/** The environment for the workspace's tools: its binaries first (turbo runs `pnpm`), no telemetry. */
export const toolEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
};

/** The published packages: the folders of `packages/` that have sources. */
export const packageNames: string[] = readdirSync(join(root, 'packages'))
  .filter((p) => existsSync(join(root, 'packages', p, 'src')))
  .sort();

/** Builds every package whose `dist` is missing (turbo builds their dependencies first). */
export function ensureBuilt(): void {
  const missing = packageNames.some((p) => !existsSync(join(root, 'packages', p, 'dist', 'index.d.ts')));
  if (missing) {
    execFileSync(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root, env: toolEnv });
  }
}
