// The API reports: one Markdown file per entry point of every package (`packages/<name>/etc/`), written by
// API Extractor from the built `.d.ts`, so that every change of a public signature shows in review.
//
//   node scripts/api-report.mjs            checks: fails if a report differs from the built declarations
//   node scripts/api-report.mjs --update   rewrites the reports (`pnpm api:update`); commit them
//
// Run it after a build (`pnpm build`): it reads `dist/`, not the sources.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = resolve(import.meta.dirname, '..');
const update = process.argv.includes('--update');
const temp = mkdtempSync(join(tmpdir(), 'async-api-'));

/** Every entry point that a package's `exports` map publishes with types, as [subpath, d.ts file]. */
function entryPoints(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return Object.entries(manifest.exports ?? {})
    .filter(([, target]) => typeof target === 'object' && target.import?.types !== undefined)
    .map(([subpath, target]) => [subpath, join(dir, target.import.types)]);
}

/** `core` for the main entry, `core-protocol` for `./protocol`. */
function reportName(name, subpath) {
  return subpath === '.' ? name : `${name}-${subpath.slice(2).replaceAll('/', '-')}`;
}

const failures = [];
try {
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', name);
    for (const [subpath, types] of entryPoints(dir)) {
      const report = reportName(name, subpath);
      if (update) mkdirSync(join(dir, 'etc'), { recursive: true });
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: dir,
          mainEntryPointFilePath: types,
          compiler: {
            // The declarations are analysed as a consumer resolves them: `exports` maps, with subpaths.
            overrideTsconfig: {
              compilerOptions: {
                target: 'ES2022',
                module: 'ESNext',
                moduleResolution: 'Bundler',
                lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
                types: [],
                strict: true,
                skipLibCheck: true,
              },
              files: [types],
            },
          },
          apiReport: {
            enabled: true,
            reportFileName: report,
            reportFolder: join(dir, 'etc'),
            reportTempFolder: temp,
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: 'warning' } },
            extractorMessageReporting: {
              default: { logLevel: 'warning', addToApiReportFile: true },
              // Release tags (@public, @beta) are not used: everything a package exports is public.
              'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
              // A type that a public declaration uses but the entry point does not export (a base class
              // kept for its members' sake, say): listed in the report, where a reviewer sees it.
              'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
              // TypeDoc resolves `{@link member}` relative to the page; API Extractor wants full paths.
              'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
              // Documentation is checked by TypeDoc's validation and the doc-tests, not here.
              'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
            },
            // TypeDoc's tags (`@hidden`, `@defaultValue` with code) are not all TSDoc's: not API changes.
            tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
          },
        },
        configObjectFullPath: join(dir, 'api-extractor.json'),
        packageJsonFullPath: join(dir, 'package.json'),
      });
      const result = Extractor.invoke(config, {
        localBuild: update,
        showVerboseMessages: false,
        // A failed check shows what changed, so the log alone tells a reviewer the API diff.
        printApiReportDiff: !update,
        messageCallback(message) {
          // "Analysis will use the bundled TypeScript version …": API Extractor analyses with its own
          // compiler; that note, once per entry point, is noise.
          if (message.messageId === 'console-preamble') message.handled = true;
        },
      });
      const file = `packages/${name}/etc/${report}.api.md`;
      if (!result.succeeded || (!update && result.apiReportChanged)) {
        failures.push(file);
      } else {
        console.log(`${update && result.apiReportChanged ? 'updated' : 'ok'}  ${file}`);
      }
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(
    `\nThe public API differs from its report in: ${failures.join(', ')}.\n` +
      'If the change is intended, run `pnpm api:update` and commit the reports (see docs/contributing.md).',
  );
  process.exit(1);
}
