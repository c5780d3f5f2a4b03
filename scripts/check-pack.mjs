// Packs the package in the current directory and checks the tarball the way a consumer would
// see it: publint (package.json and files) and @arethetypeswrong/cli (types for ESM and CJS).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'async-pack-'));
try {
  execFileSync(bin('pnpm'), ['pack', '--pack-destination', dir], { stdio: 'ignore' });
  const [tarball] = readdirSync(dir);
  const path = join(dir, tarball);
  execFileSync(bin('publint'), ['run', '--strict', path], { stdio: 'inherit' });
  execFileSync(bin('attw'), [path, '--format', 'table-flipped'], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
