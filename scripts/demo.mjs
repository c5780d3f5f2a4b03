// Runs the examples, each as its own program: `npm run demo` runs every one, `npm run demo -- tk-05 sy`
// those whose file name starts with one of the given IDs or prefixes. Before each it prints its place
// in the run and what it shows (`[12/98] sy-04 semaphore limit`, then the title from its opening
// comment). An argument that names no example fails the run before anything starts.
import { spawnSync } from 'node:child_process';
import { listExamples } from './examples.mjs';

const all = listExamples();
const wanted = process.argv.slice(2).map((id) => id.toLowerCase());
const unknown = wanted.filter((id) => !all.some((e) => e.file.startsWith(id)));
if (unknown.length > 0) {
  console.error(`No example matches ${unknown.map((id) => `"${id}"`).join(', ')}.`);
  console.error('The examples, by pattern ID (a prefix such as `sy` runs a whole section):');
  console.error(`  ${all.map((e) => e.id.toLowerCase()).join(' ')}`);
  process.exit(2);
}
const examples = wanted.length === 0 ? all : all.filter((e) => wanted.some((id) => e.file.startsWith(id)));

const failed = [];
for (const [i, example] of examples.entries()) {
  console.log(`\n[${i + 1}/${examples.length}] ${example.name}`);
  console.log(`  ${example.title}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `examples/${example.file}`], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/tsconfig.json' },
  });
  if (result.status !== 0) failed.push(example.id);
}
console.log(`\n${examples.length - failed.length} examples ran, ${failed.length} failed`);
if (failed.length > 0) console.log(`Failed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
