// IO-03 copy a file.
// tokio: `let n = fs::copy(from, to).await?` → `const n = await copy(from, to)`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copy, readFile, writeFile } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'io-03-'));
  try {
    const from = join(dir, 'original.bin');
    const to = join(dir, 'copy.bin');
    await writeFile(
      from,
      new Uint8Array(100_000).map((_, i) => i % 256),
    );
    const n = await copy(from, to);
    out(`copied ${n} bytes`);
    const [a, b] = await Promise.all([readFile(from), readFile(to)]);
    out(`identical: ${a.length === b.length && a.every((x, i) => x === b[i])}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) await main();
