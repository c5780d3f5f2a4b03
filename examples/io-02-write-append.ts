// IO-02 write and append a file, atomically when it matters.
// tokio: `fs::write(path, data).await?` → `await writeFile(path, data)`; write-to-temp + `sync_all` +
// `fs::rename` → `writeFile(path, data, { atomic: true })`; `OpenOptions::new().append(true)` → `appendFile`;
// `BufWriter::new(File::create(path).await?)` + `write_all` / `flush` / `sync_all` → `FileWriter.open(path)` +
// `write` / `flush` / `sync`, closed (and flushed) by `await using`.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFile, FileWriter, readFile, writeFile } from '@async/net';
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

    // Many small writes through a buffer: the file sees one write per 64 KiB, not one per line.
    const events = join(dir, 'events.log');
    {
      await using writer = await FileWriter.open(events);
      for (let i = 1; i <= 1000; i++) await writer.write(`event ${i}\n`);
      out(`buffered before flush: ${writer.buffered} bytes, in the file: ${(await readFile(events)).length}`);
      await writer.sync(); // flushed, and on the disk
      out(`after sync: ${writer.buffered} bytes buffered, ${(await readFile(events)).length} in the file`);
      await writer.write('last\n'); // flushed by the dispose at the end of the block
    }
    out(`events.log ends with: ${JSON.stringify((await text(events)).slice(-16))}`);

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
