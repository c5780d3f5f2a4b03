// The `prepack` guard of every package: `pnpm pack` and `pnpm publish` (so `changeset publish` too) run it
// in the package's folder before they read its files. It refuses to pack a package whose build is
// missing, so that a publish from a fresh clone cannot ship an empty package. It checks, it does not
// build: run `pnpm build` and pack again. It does not judge a build's age by file times: a checkout or
// turbo's cache leaves a correct build older than its sources, so the release workflow builds first.
import { existsSync, readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** Every file the `exports` map, `main`, `module` and `types` point to. */
function publishedFiles(value, out = new Set()) {
  if (typeof value === 'string') out.add(value);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) publishedFiles(v, out);
  return out;
}

const entries = [...publishedFiles([manifest.exports, manifest.main, manifest.module, manifest.types])];
const missing = entries.filter((file) => !existsSync(file));

if (missing.length > 0) {
  const why = `its build is missing (${missing.join(', ')})`;
  console.error(
    `${manifest.name}: refusing to pack: ${why}. Run \`pnpm build\`, then pack or publish again.`,
  );
  process.exit(1);
}
