// Checks the benchmark figures a README or a guide quotes against bench/results, so that no page
// contradicts the measurements (or itself). `node scripts/site/bench-figures.mjs` lists what it flags;
// test/bench-figures.test.ts fails on it.
//
// The convention, for authors (docs/contributing.md, "Benchmarks"):
// - A **figure** is a ratio written with decimals and `×` (`0.56×`, `0.73 ×`, `×1.5` is not one), a bare
//   decimal in a table column whose header says `×`, "floor", "vs" or "speed", or a rate (`7.20 M msg/s`,
//   `5,006.4 MiB/s`, `350.5 k task/s`).
// - Every figure must be one the results give, to the decimals written: a "× floor" or "vs" cell, a rate,
//   or the ratio of two contenders' medians of one workload (either way round: speed or time).
//   A package README is checked against bench/results/<package>.md; other pages against all results.
// - Targets (a figure right after `≤`, `≥`, `<`, `>` or "within") and ranges (`0.92–0.97×`) are not
//   figures of one run and are not checked.
// - Figures of other runs (an earlier release, paired CPU-time runs, a busy machine) are kept out of the
//   check by an HTML comment `<!-- bench-check: other runs -->` on the line before their paragraph or
//   table: everything up to the next blank line is skipped. Code blocks are never checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSuites, numberIn, readSuite, root } from './bench-results.mjs';

export const SKIP_MARK = '<!-- bench-check: other runs -->';

const ratio = /(?<![\w.,])(\d+\.\d+)\s?×/g;
const rate = /(?<![\w.,])(\d[\d,]*\.\d+)\s?(M|k|MiB\/s)(?:\s[\w-]+\/s)?/g;

/**
 * The figures of a Markdown text, outside code blocks and skipped passages: `{ line, text, value,
 * decimals, kind }` where kind is `ratio` or a rate's unit (`M`, `k`, `MiB/s`).
 */
export function quotedFigures(markdown) {
  const figures = [];
  let inCode = false;
  let skipping = false;
  let header;
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode || /^\s*```/.test(line)) return;
    if (line.includes(SKIP_MARK)) {
      skipping = true;
      return;
    }
    if (line.trim() === '') {
      skipping = false;
      header = undefined;
      return;
    }
    if (skipping) return;
    const add = (text, number, kind) =>
      figures.push({
        line: i + 1,
        text,
        value: Number(number.replaceAll(',', '')),
        decimals: number.split('.')[1]?.length ?? 0,
        kind,
      });
    for (const m of line.matchAll(ratio)) {
      // A target (`≤ 2×`, `within 1.25×`) is no measurement; a range (`0.92–0.97×`) is several runs.
      const before = line.slice(0, m.index);
      if (/(≤|≥|<|>|within|target:?)\s*$/.test(before) || /\d\s*[–-]\s*$/.test(before)) continue;
      add(m[0], m[1], 'ratio');
    }
    for (const m of line.matchAll(rate)) {
      if (m[2] === 'MiB/s' || m[0].endsWith('/s')) add(m[0], m[1], m[2]);
    }
    // A table: remember its header; bare decimals under a ratio-like header are figures too.
    if (line.trim().startsWith('|')) {
      const cells = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim());
      if (header === undefined) header = cells;
      else if (!cells.every((c) => /^:?-+:?$/.test(c))) {
        cells.forEach((cell, k) => {
          const bare = /^\**(\d+\.\d+)\**$/.exec(cell);
          if (bare && /×|floor|vs|speed/i.test(header[k] ?? '')) add(cell, bare[1], 'ratio');
        });
      }
    }
  });
  return figures;
}

/** What the results of some suites allow a page to quote: ratios and rates by unit. */
export function allowedFigures(suites) {
  const ratios = [];
  const rates = { M: [], k: [], 'MiB/s': [] };
  for (const suite of suites) {
    for (const w of suite.workloads) {
      const medians = w.rows.map((r) => numberIn(r.cells['median run'])).filter((v) => v !== undefined);
      for (const a of medians) for (const b of medians) if (a !== b) ratios.push(a / b);
      for (const r of w.rows) {
        for (const [column, cell] of Object.entries(r.cells)) {
          const value = numberIn(cell);
          if (value === undefined || column === 'contender') continue;
          if (column === 'rate') {
            const unit = /MiB\/s/.test(cell) ? 'MiB/s' : / M /.test(cell) ? 'M' : 'k';
            rates[unit].push(value);
          } else if (/floor|^vs /.test(column)) {
            ratios.push(value);
            if (value !== 0) ratios.push(1 / value);
          } else if (!/median run|per op/.test(column)) {
            ratios.push(value); // a measure of its own (bytes per sleep)
          }
        }
      }
    }
  }
  return { ratio: ratios, ...rates };
}

/** Whether `figure` is one of `allowed`, to the decimals it is written with (rounded as written). */
const matches = (figure, allowed) =>
  (allowed[figure.kind] ?? []).some((v) => Math.abs(v - figure.value) <= 0.5 * 10 ** -figure.decimals + 1e-9);

/** The pages that quote benchmarks, each with the suites it is checked against. */
export function pagesToCheck() {
  const all = listSuites();
  const pages = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const readme = join('packages', pkg, 'README.md');
    if (existsSync(join(root, readme))) pages.push({ path: readme, suites: all.includes(pkg) ? [pkg] : [] });
  }
  pages.push({ path: 'README.md', suites: all });
  const guides = join(root, 'docs', 'guides');
  if (existsSync(guides)) {
    for (const f of readdirSync(guides).filter((f) => f.endsWith('.md'))) {
      pages.push({ path: join('docs', 'guides', f), suites: all });
    }
  }
  return pages;
}

/** Every figure of a Markdown text that the given (parsed) suites do not give: `{ line, text }`. */
export function unsupportedIn(markdown, suites) {
  const allowed = allowedFigures(suites);
  return quotedFigures(markdown)
    .filter((f) => !matches(f, allowed))
    .map(({ line, text }) => ({ line, text }));
}

/** Every figure of the page at `path` that the named suites' results do not give. */
export function unsupportedFigures(path, suiteNames) {
  return unsupportedIn(readFileSync(join(root, path), 'utf8'), suiteNames.map(readSuite));
}

if (process.argv[1] === import.meta.filename) {
  let flagged = 0;
  for (const { path, suites } of pagesToCheck()) {
    for (const f of unsupportedFigures(path, suites)) {
      console.log(
        `${path}:${f.line}: ${f.text} is not in bench/results/${suites.length === 1 ? suites[0] : '*'}.md`,
      );
      flagged++;
    }
  }
  console.log(`${flagged} figure(s) not found in bench/results`);
  process.exitCode = flagged > 0 ? 1 : 0;
}
