// The site's generated pages are what their generators make from the files they are drawn from: the
// benchmark charts from bench/results (each chart records the SHA-256 of its results file, so a chart
// older than its results fails here whatever the files' dates), the examples catalogue from examples/.
// After a change to either, `pnpm run docs` (or `node scripts/site/charts.mjs`, `scripts/site/catalogue.mjs`)
// rewrites them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../scripts/site/bench-results.mjs';
import * as catalogue from '../scripts/site/catalogue.mjs';
import * as charts from '../scripts/site/charts.mjs';

const root = join(import.meta.dirname, '..');
const read = (path: string) =>
  existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined;

/** Paths whose committed content differs from what `generated` says, and files the generator no longer makes. */
function differences(generated: Map<string, string>, ownedDir: string): string[] {
  const stale = [...generated].filter(([path, content]) => read(path) !== content).map(([path]) => path);
  const extra = readdirSync(join(root, ownedDir))
    .map((f) => join(ownedDir, f))
    .filter((path) => !generated.has(path));
  return [...stale, ...extra.map((p) => `${p} (no longer generated)`)];
}

describe('benchmark charts', () => {
  const committed = readdirSync(join(root, charts.chartsDir)).filter((f) => f.endsWith('.svg'));

  test('there is a chart for every workload of every results file', () => {
    const results = readdirSync(join(root, 'bench/results')).filter((f) => f.endsWith('.md'));
    const workloads = results.flatMap((f) =>
      readFileSync(join(root, 'bench/results', f), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('### ')),
    );
    expect(workloads.length).toBeGreaterThan(20);
    expect(committed.length).toBe(workloads.length);
  });

  test('no chart is older than its results file (content hashes, not dates)', () => {
    const stale: string[] = [];
    for (const chart of committed) {
      const svg = readFileSync(join(root, charts.chartsDir, chart), 'utf8');
      const source = /from (bench\/results\/[\w-]+\.md) sha256:([0-9a-f]{64})/.exec(svg);
      expect(source, `${chart} records no results file and hash`).not.toBeNull();
      const results = read(source![1]);
      if (results === undefined || sha256(results) !== source![2]) stale.push(`${chart} (${source![1]})`);
    }
    expect(stale, 'charts drawn from older results: run `node scripts/site/charts.mjs`').toEqual([]);
  });

  test('the charts and the benchmarks page are exactly what the generator draws', () => {
    const generated = charts.generate() as Map<string, string>;
    expect(generated.has(charts.pagePath)).toBe(true);
    expect(differences(generated, charts.chartsDir), 'run `node scripts/site/charts.mjs`').toEqual([]);
  });

  test('each chart highlights @async beside every peer, relative to the floor', () => {
    const svg = read(join(charts.chartsDir, committed.find((c) => c.startsWith('sync-03'))!))!;
    // Semaphore: the floor at 1.00, ours at its "× floor" of the results in the accent colour, each
    // peer in grey.
    const row = read('bench/results/sync.md')!
      .split('\n')
      .find((line) => line.startsWith('| **@async/sync Semaphore.withPermit**'))!;
    const ours = row.split('|').map((cell) => cell.trim())[5]!;
    expect(ours).toMatch(/^\d\.\d\d$/);
    expect(svg).toContain('1.00 = floor');
    expect(svg).toMatch(
      new RegExp(
        `<rect [^>]*fill="#1f6feb"/>\\s*<text [^>]*class="ours">${ours.replace('.', '\\.')}×</text>`,
      ),
    );
    for (const peer of ['p-limit', 'p-queue', 'async-sema']) expect(svg).toContain(`>${peer}<`);
    expect(svg.match(/fill="#afb8c1"/g)?.length).toBeGreaterThanOrEqual(3);
  });
});

describe('examples catalogue', () => {
  test('the pages are exactly what the generator makes from examples/', () => {
    const generated = catalogue.generate() as Map<string, string>;
    expect(differences(generated, catalogue.sectionsDir), 'run `node scripts/site/catalogue.mjs`').toEqual(
      [],
    );
  });

  test('every example has its page entry: what it teaches, the Rust mapping and its source', () => {
    const files = readdirSync(join(root, 'examples')).filter((f) => /^[a-z]{2}-\d\d-.*\.ts$/.test(f));
    const pages = readdirSync(join(root, catalogue.sectionsDir))
      .map((f) => read(join(catalogue.sectionsDir, f))!)
      .join('\n');
    for (const file of files) {
      const id = file.slice(0, 5).toUpperCase();
      const entry = pages.slice(pages.indexOf(`\n## ${id} `));
      expect(pages, id).toContain(`\n## ${id} `);
      const body = entry.slice(0, entry.indexOf('\n## ', 4) === -1 ? undefined : entry.indexOf('\n## ', 4));
      expect(body, id).toContain('**Rust → TypeScript:**');
      expect(body, id).toContain(`\`\`\`ts examples/${file}`);
      // The source is the file's own code, not a copy that could drift.
      const source = readFileSync(join(root, 'examples', file), 'utf8');
      expect(source, id).toContain(body.split(`\`\`\`ts examples/${file}\n`)[1]!.split('\n```')[0]!);
    }
  });

  test('the sections have no gaps in their numbering', () => {
    const ids = (read(catalogue.indexPath)!.match(/\[([A-Z]{2}-\d\d)\]/g) ?? []).map((m) => m.slice(1, -1));
    expect(ids.length).toBeGreaterThanOrEqual(98);
    for (const prefix of new Set(ids.map((id) => id.slice(0, 2)))) {
      const list = ids.filter((id) => id.startsWith(prefix));
      expect(list, prefix).toEqual(list.map((_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`));
    }
  });

  // The pattern catalog lives beside the repository (the project's shared notes), not in it: its IDs
  // are kept in test/fixtures/pattern-ids.txt, compared with the catalog whenever it is at hand.
  test('lists every pattern ID of the pattern catalog', () => {
    const ids = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);
    const wanted = ids(
      readFileSync(join(root, 'test/fixtures/pattern-ids.txt'), 'utf8'),
      /^([A-Z]{2}-\d\d)$/gm,
    );
    expect(wanted.length).toBeGreaterThan(90);
    const catalog = [
      join(root, '..', 'shared', 'PATTERNS.md'),
      join(root, '..', '..', 'shared', 'PATTERNS.md'),
    ].find(existsSync);
    if (catalog !== undefined) {
      expect(
        ids(readFileSync(catalog, 'utf8'), /^- ([A-Z]{2}-\d\d) /gm),
        'the list matches the catalog',
      ).toEqual(wanted);
    }
    const index = read(catalogue.indexPath)!;
    expect(wanted.filter((id) => !index.includes(`[${id}]`))).toEqual([]);
  });
});

describe('the menu', () => {
  test('puts the guides in reading order, whatever their exact file names', async () => {
    const { rankOf } = await import('../scripts/site/typedoc-plugin.mjs');
    const files = [
      'writing-a-selectable.md',
      'performance.md',
      'choosing-a-lock.md',
      'select.md',
      'testing.md',
      'getting-started.md',
      'choosing-a-channel.md',
      'cancellation.md',
      'from-tokio.md',
      'zz-appendix.md',
    ];
    const ordered = [...files].sort((a, b) => rankOf(`docs/guides/${a}`) - rankOf(`docs/guides/${b}`));
    expect(ordered).toEqual([
      'getting-started.md',
      'from-tokio.md',
      'cancellation.md',
      'select.md',
      'testing.md',
      'choosing-a-channel.md',
      'choosing-a-lock.md',
      'writing-a-selectable.md',
      'performance.md',
      'zz-appendix.md',
    ]);
  });
});
