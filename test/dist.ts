// What the tests that run the built packages share: `npm test` builds every package before vitest
// runs; a vitest run on its own builds whatever is missing first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const bin = (name: string): string => join(root, 'node_modules/.bin', name);

/** The published packages: the folders of `packages/` with sources. */
export const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'src')),
);

/** Builds the packages (turbo, from its cache when nothing changed) unless every `dist` is there. */
export function ensureBuilt(): void {
  if (packages.every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.d.ts')))) return;
  const env = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
  };
  execFileSync(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root, env });
}
