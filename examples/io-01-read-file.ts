// IO-01 read a file: all at once, or chunk by chunk without holding it all.
// tokio: `fs::read(path).await?` → `await readFile(path)`; `ReaderStream::new(File::open(path).await?)` →
// `for await (const chunk of chunks(path))`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunks, readFile, writeFile } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'io-01-'));
  try {
    const path = join(dir, 'data.txt');
    await writeFile(path, 'hello from a file\n'.repeat(1000));

    const all = await readFile(path);
    out(`readFile: ${all.length} bytes, first line "${new TextDecoder().decode(all).split('\n')[0]}"`);

    let count = 0;
    let total = 0;
    for await (const chunk of chunks(path, { chunkSize: 4096 })) {
      count++;
      total += chunk.length;
    }
    out(`chunks: ${count} chunks of at most 4096 bytes, ${total} bytes`);

    const missing = await readFile(join(dir, 'missing.txt')).catch((e: NodeJS.ErrnoException) => e.code);
    out(`a missing file: ${missing}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) await main();
