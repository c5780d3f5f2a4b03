// The examples as data, read from their files: the demo prints their titles, the site's catalogue
// renders them. An example is `examples/<id>-<slug>.ts`; its opening comment says what it shows (the
// first paragraph is the title), and its row in examples/README.md maps the Rust original to TypeScript.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
export const examplesDir = join(root, 'examples');

/**
 * @typedef {object} Example
 * @property {string} id         the pattern ID as the catalog writes it, `SY-04`
 * @property {string} file       the file name, `sy-04-semaphore-limit.ts`
 * @property {string} name       the file name without `.ts`, as words: `sy-04 semaphore limit`
 * @property {string} title      the opening comment's first paragraph, without the ID
 * @property {string[]} notes    the opening comment's other paragraphs
 * @property {string} code       the file after its opening comment
 */

const exampleFile = /^([a-z]{2}-\d\d)-(.+)\.ts$/;

/**
 * The pattern catalog's sections, in its teaching order: each ID prefix with its heading and the
 * packages its examples are about.
 */
export const sections = [
  { prefix: 'RT', title: 'Runtime and entry point', packages: ['@async/core'] },
  { prefix: 'TK', title: 'Tasks', packages: ['@async/core'] },
  { prefix: 'FC', title: 'Future composition', packages: ['@async/core'] },
  { prefix: 'SL', title: 'Select', packages: ['@async/core', '@async/channels', '@async/time'] },
  { prefix: 'SY', title: 'Shared state', packages: ['@async/sync'] },
  { prefix: 'CH', title: 'Channels', packages: ['@async/channels'] },
  { prefix: 'TM', title: 'Time', packages: ['@async/time'] },
  { prefix: 'ST', title: 'Streams', packages: ['@async/stream'] },
  { prefix: 'IO', title: 'Files and TCP', packages: ['@async/net', '@async/codec'] },
  { prefix: 'FR', title: 'Framing', packages: ['@async/codec', '@async/net'] },
  { prefix: 'RS', title: 'Resilience', packages: ['@async/resilience'] },
];

const sectionRank = (id) => {
  const rank = sections.findIndex((s) => id.startsWith(s.prefix));
  return rank === -1 ? sections.length : rank;
};

/** Every example, in the catalog's order: by section, then by number. */
export function listExamples() {
  return readdirSync(examplesDir)
    .filter((f) => exampleFile.test(f))
    .map(readExample)
    .sort((a, b) => sectionRank(a.id) - sectionRank(b.id) || a.id.localeCompare(b.id));
}

/** One example: its ID and name from the file name, its title and notes from its opening comment. */
export function readExample(file) {
  const [, id, slug] = exampleFile.exec(file);
  const text = readFileSync(join(examplesDir, file), 'utf8');
  const lines = text.split('\n');
  const headerLength = lines.findIndex((line) => !line.startsWith('//'));
  const paragraphs = lines
    .slice(0, headerLength)
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
  const ID = id.toUpperCase();
  // Headers open with `SY-04: title` or `FR-01 title`; the ID is in the file name already.
  const [first = '', ...notes] = paragraphs;
  const title = first.startsWith(ID) ? first.slice(ID.length).replace(/^:?\s*/, '') : first;
  return {
    id: ID,
    file,
    name: `${id} ${slug.replaceAll('-', ' ')}`,
    title,
    notes,
    code: lines.slice(headerLength).join('\n').trim(),
  };
}

/**
 * The rows of examples/README.md's table, by ID: `{ pattern, file, mapping }`, where `mapping` is the
 * "Rust → TypeScript" column.
 */
export function readCatalogTable() {
  const rows = new Map();
  for (const line of readFileSync(join(examplesDir, 'README.md'), 'utf8').split('\n')) {
    const match = /^\| ([A-Z]{2}-\d\d) \| (.*?) \| \[([^\]]+)\]\([^)]*\) \| (.*) \|$/.exec(line);
    if (match) rows.set(match[1], { pattern: match[2], file: match[3], mapping: match[4] });
  }
  return rows;
}
