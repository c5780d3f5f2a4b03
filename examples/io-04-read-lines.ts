// IO-04 read a file line by line.
// tokio: `let mut lines = BufReader::new(file).lines(); while let Some(line) = lines.next_line().await?` →
// `for await (const line of lines(path, { maxLength }))`; a line over the limit rejects with
// `MaxLengthExceededError` and the next iteration goes on after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaxLengthExceededError } from '@async/codec';
import { lines, writeFile } from '@async/net';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'io-04-'));
  try {
    const path = join(dir, 'access.log');
    await writeFile(path, `GET /\r\nGET /about\n${'x'.repeat(200)}\nPOST /login`);
    const reader = lines(path, { maxLength: 80 });
    let n = 0;
    for (;;) {
      try {
        for await (const line of reader) out(`${++n}: ${line}`);
        break;
      } catch (e) {
        if (!MaxLengthExceededError.is(e)) throw e;
        out(`${++n}: (skipped: longer than ${e.maxLength} bytes)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) await main();
