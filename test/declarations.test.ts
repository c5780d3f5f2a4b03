// The published declarations compile in a user's project that checks them: `skipLibCheck: false`,
// strict, from an ES module and from a CommonJS one (node16 resolution picks `.d.ts` or `.d.cts`), and
// with a bundler's resolution. The project links the packages' folders, so it reads their `exports`
// and the built `dist/` as an install would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bin, ensureBuilt, packageNames, root } from './support/built';

const work = mkdtempSync(join(tmpdir(), 'async-declarations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every entry point a user can import: each package's main entry, and core's protocol. */
const entries = [...packageNames.map((p) => `@async/${p}`), '@async/core/protocol'];

/** tsc's complaints about a project of one file importing every entry, or '' when it compiles. */
function compile(name: string, type: 'module' | 'commonjs', resolution: 'node16' | 'bundler'): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules/@async'), { recursive: true });
  for (const p of packageNames)
    symlinkSync(join(root, 'packages', p), join(dir, 'node_modules/@async', p), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  const imports = entries.map((entry, i) => `import * as m${i} from '${entry}';`).join('\n');
  writeFileSync(
    join(dir, 'index.ts'),
    `${imports}\nexport const all = [${entries.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: resolution === 'bundler' ? 'preserve' : 'node16',
        moduleResolution: resolution,
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: ['index.ts'],
    }),
  );
  try {
    execFileSync(bin('tsc'), ['-p', dir], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe('the published declarations compile with skipLibCheck off', () => {
  ensureBuilt();
  test.each([
    ['an ES module, node16 resolution', 'module', 'node16'],
    ['a CommonJS module, node16 resolution', 'commonjs', 'node16'],
    ['a bundler', 'module', 'bundler'],
  ] as const)('from %s', (_, type, resolution) => {
    expect(compile(`${type}-${resolution}`, type, resolution)).toBe('');
  });
});
