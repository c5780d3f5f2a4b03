// IO-02 write and append a file, atomically when it matters.
// tokio: `fs::write(path, data).await?` → `await writeFile(path, data)`; write-to-temp + `sync_all` +
// `fs::rename` → `writeFile(path, data, { atomic: true })`; `OpenOptions::new().append(true)` → `appendFile`.
// (A buffered writer with `flush`/`sync`, tokio's `BufWriter<File>`, is not in @async/net yet.)
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFile, readFile, writeFile } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'io-02-'));
  const text = async (p: string) => new TextDecoder().decode(await readFile(p));
  try {
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ version: 1 }));
    // A reader sees the old file or the new one, never half of it, even if we crash mid-write.
    await writeFile(config, JSON.stringify({ version: 2 }), { atomic: true });
    out(`config: ${await text(config)}`);
    out(`files in the directory: ${readdirSync(dir).join(', ')}`); // no temporary file left

    const log = join(dir, 'app.log');
    for (let i = 1; i <= 3; i++) await appendFile(log, `line ${i}\n`);
    out(`log: ${JSON.stringify(await text(log))}`);

    const stop = new AbortController();
    stop.abort(new Error('shutting down'));
    await writeFile(config, 'half-written?', { atomic: true, signal: stop.signal }).catch((e: Error) =>
      out(`aborted write: ${e.message}`),
    );
    out(`config after the aborted write: ${await text(config)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) await main();
