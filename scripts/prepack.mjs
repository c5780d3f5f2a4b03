// The `prepack` guard of every package: `pnpm pack` and `pnpm publish` (so `changeset publish` too) run it
// in the package's folder before they read its files. It refuses to pack a tree whose build is missing or
// older than its sources, so that a publish from a fresh clone or after an edit cannot ship an empty or a
// stale package. It checks, it does not build: run `pnpm build` and pack again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** Every file the `exports` map, `main`, `module` and `types` point to. */
function publishedFiles(value, out = new Set()) {
  if (typeof value === 'string') out.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) publishedFiles(v, out);
  return out;
}

const entries = publishedFiles([manifest.exports, manifest.main, manifest.module, manifest.types]);
const missing = [...entries].filter((file) => !existsSync(file));

const newest = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .reduce((latest, d) => Math.max(latest, statSync(join(d.parentPath, d.name)).mtimeMs), 0);
const stale =
  missing.length === 0 &&
  existsSync('src') &&
  Math.min(...[...entries].map((file) => statSync(file).mtimeMs)) < newest('src');

if (missing.length > 0 || stale) {
  const why =
    missing.length > 0 ? `its build is missing (${missing.join(', ')})` : 'src/ changed after its build';
  console.error(
    `${manifest.name}: refusing to pack: ${why}. Run \`pnpm build\`, then pack or publish again.`,
  );
  process.exit(1);
}
