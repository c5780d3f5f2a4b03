// Runs the examples, each as its own program: `npm run demo` runs every one, `npm run demo -- tk-05`
// those whose file name starts with the given IDs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2).map((id) => id.toLowerCase());
const examples = readdirSync('examples')
  .filter((f) => /^[a-z]{2}-\d\d-.*\.ts$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((id) => f.startsWith(id)))
  .sort();

let failed = 0;
for (const file of examples) {
  console.log(`\n━━ ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `examples/${file}`], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/tsconfig.json' },
  });
  if (result.status !== 0) failed++;
}
console.log(`\n${examples.length - failed} examples ran, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
