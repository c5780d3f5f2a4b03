// SY-09: OnceCell — lazy async initialisation shared by every caller (tokio::sync::OnceCell).
//
// Rust → TypeScript: `static CONFIG: OnceCell<Config>` + `CONFIG.get_or_init(|| async { … }).await` →
// a module-level `new OnceCell<Config>()` and `await config.getOrInit(async () => …)`. One initialiser
// runs at a time; the others wait for it. If it fails (tokio's `get_or_try_init` returning Err), the
// next caller runs its own, so a transient failure does not poison the cell.
import { OnceCell } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

interface Config {
  dbUrl: string;
  loadedBy: number;
}

export async function main(out: Out = console.log): Promise<void> {
  const config = new OnceCell<Config>();
  let attempts = 0;

  async function loadConfig(caller: number): Promise<Config> {
    attempts++;
    out(`caller ${caller} loads the config (attempt ${attempts})`);
    await sleep(20);
    if (attempts === 1) throw new Error('config server unavailable');
    return { dbUrl: 'postgres://db/app', loadedBy: caller };
  }

  // Five callers at once: one loads, the others wait for it. The first load fails, so the caller
  // that ran it gets the error and the next waiting caller retries.
  const results = await Promise.allSettled(
    [1, 2, 3, 4, 5].map((caller) => config.getOrInit(() => loadConfig(caller))),
  );
  for (const [i, r] of results.entries()) {
    out(
      `caller ${i + 1}: ${r.status === 'fulfilled' ? `got config loaded by ${r.value.loadedBy}` : r.reason.message}`,
    );
  }
  out(`loads: ${attempts}; cell initialised: ${config.initialized}`);

  // Later calls return the stored value without running anything.
  const again = await config.getOrInit(() => loadConfig(6));
  out(`later call: ${again.dbUrl}, loads still ${attempts}`);
}

if (isMain(import.meta)) await main();
