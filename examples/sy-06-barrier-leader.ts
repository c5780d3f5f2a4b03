// SY-06: a Barrier with a leader (tokio::sync::Barrier).
//
// Rust → TypeScript: `barrier.wait().await.is_leader()` → `(await barrier.wait()).isLeader`.
// The barrier is reusable: each time all `n` arrive, a new generation starts, with exactly one leader.
// Unlike tokio, `new Barrier(0)` throws, and an aborted wait withdraws its arrival.
import { Barrier } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  const workers = 3;
  const barrier = new Barrier(workers);
  const results: number[][] = [[], [], []];

  async function worker(id: number): Promise<void> {
    for (let phase = 0; phase < 3; phase++) {
      await sleep(5 * (id + 1)); // workers run at different speeds
      results[phase]!.push(id);
      const { isLeader } = await barrier.wait(); // nobody starts phase n+1 before all finished phase n
      if (isLeader) out(`phase ${phase}: all ${results[phase]!.length} workers done; leader merges`);
    }
  }

  await Promise.all(Array.from({ length: workers }, (_, id) => worker(id)));
  out(`phases complete: ${results.map((r) => r.length).join(', ')}`);
}

if (isMain(import.meta)) await main();
