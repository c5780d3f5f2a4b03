// `pnpm bench` runs every suite, `pnpm bench core sync` the named ones; each in a process of its own,
// so that one suite's JIT and heap state does not colour the next.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const wanted = process.argv.slice(2);
const suites = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

let failed = false;
for (const name of suites) {
  console.log(`\n## ${name}`);
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  failed ||= result.status !== 0;
}
// The site's benchmark charts are drawn from the results: redraw them with the results they show.
const charts = fileURLToPath(new URL('../../scripts/site/charts.mjs', import.meta.url));
failed ||= spawnSync(process.execPath, [charts], { stdio: 'inherit' }).status !== 0;
process.exit(failed ? 1 : 0);
