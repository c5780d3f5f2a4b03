// `pnpm docs`: the documentation site in docs/api. First the generated pages (the examples catalogue,
// the benchmark charts) from examples/ and bench/results/, then TypeDoc (typedoc.json) over every
// package, the guides in docs/guides and those pages. Arguments go to TypeDoc (`--logLevel Warn`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as catalogue from './catalogue.mjs';
import * as charts from './charts.mjs';
import { root, writeGenerated } from './write-generated.mjs';

writeGenerated(catalogue.generate(), catalogue.sectionsDir);
writeGenerated(charts.generate(), charts.chartsDir);
const typedoc = spawnSync(join(root, 'node_modules', '.bin', 'typedoc'), process.argv.slice(2), {
  cwd: root,
  stdio: 'inherit',
});
process.exit(typedoc.status ?? 1);
