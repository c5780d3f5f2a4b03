// SY-03: RwLock — many readers at once, one writer alone (tokio::sync::RwLock).
//
// Rust → TypeScript: `lock.read().await` / `lock.write().await` → `await lock.read()` /
// `await lock.write()`, guards released by `using` or `release()`. As in tokio the lock is fair and
// write-preferring: once a writer waits, later readers queue behind it, so writers are never starved.
import { RwLock } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const config = new RwLock(new Map([['mode', 'fast']]));
  let readers = 0;
  let peak = 0;

  async function reader(id: number): Promise<string> {
    using guard = await config.read();
    peak = Math.max(peak, ++readers);
    await sleep(10);
    readers--;
    return `reader ${id} saw mode=${guard.value.get('mode')}`;
  }

  async function writer(mode: string): Promise<string> {
    using guard = await config.write();
    out(`writer sets mode=${mode} (readers inside: ${readers})`);
    guard.value.set('mode', mode);
    await sleep(10);
    return `writer done`;
  }

  // Three readers start, then a writer, then two more readers: the late readers wait for the writer.
  const tasks = [reader(1), reader(2), reader(3), writer('safe'), reader(4), reader(5)];
  for (const line of await Promise.all(tasks)) out(line);
  out(`at most ${peak} readers at once`);

  // A write guard can be downgraded to a read guard without letting another writer in between.
  const w = await config.write();
  w.value.set('mode', 'final');
  const r = w.downgrade();
  out(
    `downgraded, still reading mode=${r.value.get('mode')}; other readers allowed: ${config.tryRead() !== undefined}`,
  );
}

if (isMain(import.meta)) await main();
