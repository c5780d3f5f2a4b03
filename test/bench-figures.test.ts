// No page contradicts the measurements: every benchmark figure a package README (or a guide, or the
// root README) quotes is one that bench/results gives. The convention that makes figures checkable is
// at the top of scripts/site/bench-figures.mjs and in docs/contributing.md ("Benchmarks").
import { describe, expect, test } from 'vitest';
import {
  pagesToCheck,
  SKIP_MARK,
  unsupportedFigures,
  unsupportedIn,
} from '../scripts/site/bench-figures.mjs';
import { parseResults } from '../scripts/site/bench-results.mjs';

describe('benchmark figures quoted in the docs', () => {
  const pages = pagesToCheck() as { path: string; suites: string[] }[];

  test('the package READMEs are among the pages checked', () => {
    expect(pages.map((p) => p.path)).toContain('packages/sync/README.md');
    expect(pages.find((p) => p.path === 'packages/sync/README.md')?.suites).toEqual(['sync']);
  });

  test.each(pages.map((p) => [p.path, p.suites] as const))(
    '%s quotes only figures of bench/results',
    (path, suites) => {
      const flagged = unsupportedFigures(path, suites).map(
        (f: { line: number; text: string }) => `${path}:${f.line}: ${f.text}`,
      );
      expect(
        flagged,
        `fix the figure from bench/results, or mark another run's passage with ${SKIP_MARK}`,
      ).toEqual([]);
    },
  );
});

describe('the figure check', () => {
  // One workload as the harness writes it: floor 100 ms, ours 125 ms (0.80 × floor), a peer at 250 ms.
  const suite = parseResults(`# @async/x benchmarks

### lock: 1,000,000 × lock → unlock

| contender | median run | per op | rate | × floor (speed) | vs peer-lock |
| --- | ---: | ---: | ---: | ---: | ---: |
| floor (by hand) | 100.0 ms | 100.0 ns | 10.00 M lock/s | 1.00 |  |
| **@async/x Lock** | 125.0 ms | 125.0 ns | 8.00 M lock/s | 0.80 | 2.00× |
| peer-lock | 250.0 ms | 250.0 ns | 4.00 M lock/s | 0.40 |  |
`);
  const check = (markdown: string) =>
    unsupportedIn(markdown, [suite]).map((f: { text: string }) => f.text.trim());

  test('accepts the results’ own figures, as speed or as time, rounded as written', () => {
    expect(check('Ours runs at 0.80× the floor (1.25 × its time), 2.00× peer-lock, 8.00 M lock/s.')).toEqual(
      [],
    );
    expect(check('Ours takes 1.3× the floor’s time.')).toEqual([]);
    expect(check('| workload | × floor |\n| --- | ---: |\n| lock | **0.80** |')).toEqual([]);
  });

  test('flags a figure the results do not give, in prose and in tables', () => {
    expect(check('Ours runs at 0.85× the floor.')).toEqual(['0.85×']);
    expect(check('a rate of 9.10 M lock/s')).toEqual(['9.10 M lock/s']);
    expect(check('| workload | vs floor |\n| --- | ---: |\n| lock | 0.83 |')).toEqual(['0.83']);
  });

  test('leaves out targets, ranges, code, and passages marked as other runs', () => {
    expect(check('The target is ≤ 1.50× the floor, within 1.25×; three runs gave 0.70–0.90×.')).toEqual([]);
    expect(check('```ts\nconst speedup = "0.85×";\n```')).toEqual([]);
    expect(check(`${SKIP_MARK}\nThe previous release ran at 0.85× the floor.\n\nNow 0.90×.`)).toEqual([
      '0.90×',
    ]);
  });
});
