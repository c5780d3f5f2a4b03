// Doc-tests, as Rust has them: every ```ts block of a README or guide, and every `@example` in the
// TSDoc of a package's sources, becomes a vitest test in .doctests/ that is type-checked (tsc -p
// .doctests) and run (vitest). A block fenced as ```ts no-run is type-checked but not run.
//
// Imports are lifted to the top of the generated module; the rest of the block becomes the body of
// an async test, so top-level `await` works as readers expect.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importedPackages, installedPackages, markdownBlocks, splitImports } from './markdown-blocks.mjs';

const out = '.doctests';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = [
  'README.md',
  ...listFiles('docs', (f) => f.endsWith('.md')),
  ...readdirSync('packages').flatMap((pkg) => [
    `packages/${pkg}/README.md`,
    ...listFiles(`packages/${pkg}/src`, (f) => f.endsWith('.ts')),
  ]),
].filter((f) => exists(f));

let count = 0;
const unlisted = [];
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const blocks = file.endsWith('.md') ? markdownBlocks(text) : tsdocExamples(text);
  // A README's examples may import only what its install line installs: a reader copies both.
  const installed = file.endsWith('README.md') ? installedPackages(text) : undefined;
  for (const block of blocks) {
    const missing = importedPackages(block.code).filter(
      (p) => installed !== undefined && !installed.includes(p),
    );
    if (missing.length > 0)
      unlisted.push(`${file}:${block.line} imports ${missing.join(', ')}, not on its install line`);
    const name = `${file}:${block.line}`;
    // A no-run block is not a test file: vitest would count it as a skipped test; tsc still checks it.
    const suffix = block.run ? 'test.ts' : 'typecheck.ts';
    const target = join(out, `${file.replaceAll('/', '__')}__${block.line}.${suffix}`);
    writeFileSync(target, render(name, block));
    count++;
  }
}

writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: '../tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        types: ['node'],
        noUnusedLocals: false,
        paths: {
          '@async/core/protocol': ['../packages/core/src/protocol.ts'],
          '@async/testing': ['../testing/src/index.ts'],
          '@async/*': ['../packages/*/src/index.ts'],
        },
      },
      include: ['./**/*.ts'],
    },
    null,
    2,
  ),
);
console.log(`${count} doc-tests extracted from ${sources.length} files`);
if (unlisted.length > 0) {
  console.error(unlisted.join('\n'));
  process.exit(1);
}

function render(name, { code, run }) {
  const { imports, body } = splitImports(code);
  if (!run) {
    return `// ${name}, no-run: type-checked only\n${imports}\n\nexport async function example(): Promise<void> {\n${body}\n}\n`;
  }
  return `import { test } from 'vitest';\n${imports}\n\ntest(${JSON.stringify(name)}, async () => {\n${body}\n});\n`;
}

function tsdocExamples(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
    // The example runs until the next tag or the end of the comment; its code is the fenced part.
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*\*\//.test(lines[j]) && !/^\s*\*\s*@\w/.test(lines[j]); j++) {
      body.push({ line: j + 1, text: lines[j].replace(/^\s*\* ?/, '') });
    }
    const open = body.findIndex((l) => /^```(ts|typescript)/.test(l.text));
    const close = body.findIndex((l, k) => k > open && /^```\s*$/.test(l.text));
    if (open >= 0 && close > open) {
      blocks.push({
        line: body[open].line + 1,
        code: body
          .slice(open + 1, close)
          .map((l) => l.text)
          .join('\n'),
        run: !/no-run/.test(body[open].text),
      });
    }
    i = j - 1;
  }
  return blocks;
}

function listFiles(dir, keep) {
  if (!exists(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && keep(d.name))
    .map((d) => relative('.', join(d.parentPath ?? d.path, d.name)));
}

function exists(path) {
  try {
    readFileSync(path);
    return true;
  } catch (e) {
    return e.code === 'EISDIR';
  }
}
