// bench/results/<suite>.md as data, for the charts and for the check of the figures READMEs quote.
// The files are written by bench/src/harness.ts: a `# title`, a line naming the Node version and date,
// then one `### workload` section per workload with a markdown table. A speed table has the columns
// contender, median run, per op, rate, × floor (speed) and one "vs <peer>" per peer; other tables (memory)
// have a contender column and one measure. @async's own rows are in bold.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const resultsDir = join(root, 'bench', 'results');

/**
 * @typedef {object} Row
 * @property {string} name       the contender, without the bold of @async's rows
 * @property {boolean} ours      whether it is one of @async's
 * @property {Record<string, string>} cells   every cell by column header, as written
 *
 * @typedef {object} Workload
 * @property {string} name
 * @property {string[]} columns
 * @property {Row[]} rows
 * @property {string | undefined} floor   the floor's name, when the table has a "× floor" column
 *
 * @typedef {object} Suite
 * @property {string} suite       `sync`
 * @property {string} file        `bench/results/sync.md`
 * @property {string} title       the file's `#` heading
 * @property {string} run         the line naming Node's version, the date and the command
 * @property {string} sha256      of the file's content: what a chart drawn from it records
 * @property {Workload[]} workloads
 */

export const FLOOR_COLUMN = '× floor (speed)';

/** The suites that have results, by name. */
export function listSuites() {
  return readdirSync(resultsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Reads and parses one results file. */
export function readSuite(suite) {
  const text = readFileSync(join(resultsDir, `${suite}.md`), 'utf8');
  return { ...parseResults(text), suite, file: `bench/results/${suite}.md`, sha256: sha256(text) };
}

const cellsOf = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** Parses the markdown the harness writes. */
export function parseResults(text) {
  const lines = text.split('\n');
  const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  const run = lines.find((l) => /^Node v\d/.test(l))?.trim() ?? '';
  const workloads = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('### ')) continue;
    const name = lines[i].slice(4).trim();
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith('|')) j++;
    const columns = cellsOf(lines[j] ?? '');
    const rows = [];
    for (j += 2; j < lines.length && lines[j].startsWith('|'); j++) {
      const values = cellsOf(lines[j]);
      const bold = /^\*\*(.*)\*\*$/.exec(values[0]);
      const cells = Object.fromEntries(columns.map((c, k) => [c, values[k] ?? '']));
      rows.push({ name: bold ? bold[1] : values[0], ours: bold !== null, cells });
    }
    // The harness puts the floor's own ratio, 1.00, on its row; peers and ours are measured against it.
    const floor = columns.includes(FLOOR_COLUMN)
      ? rows.find((r) => !r.ours && r.cells[FLOOR_COLUMN] === '1.00')?.name
      : undefined;
    workloads.push({ name, columns, rows, floor });
  }
  return { title, run, workloads };
}

/** The number a cell holds: `41.83×` → 41.83, `17.83 M lock/s` → 17.83, `` → undefined. */
export function numberIn(cell) {
  const match = /-?\d[\d,]*(\.\d+)?/.exec(cell ?? '');
  return match ? Number(match[0].replaceAll(',', '')) : undefined;
}
