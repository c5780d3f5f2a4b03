// SY-01: a Mutex guarding shared mutable state across awaits (tokio::sync::Mutex in an Arc).
//
// Rust → TypeScript: `Arc<Mutex<T>>` → one `Mutex<T>` object shared by reference (no Arc needed);
// `let mut g = m.lock().await; *g += 1;` → `using g = await m.lock(); g.value += 1;` — the guard is
// released at the end of the `using` scope, as Rust drops it. Code between two awaits already runs
// alone in JavaScript: the lock matters because each transfer awaits in the middle.
import { Mutex } from '@async/sync';
import { sleep } from '@async/time';
import { isMain, type Out } from './is-main';

interface Accounts {
  alice: number;
  bob: number;
}

export async function main(out: Out = console.log): Promise<void> {
  const bank = new Mutex<Accounts>({ alice: 100, bob: 100 });

  // Each transfer reads, awaits (an audit call, say), then writes: without the lock, two transfers
  // would read the same balance and one update would be lost.
  async function transfer(from: keyof Accounts, to: keyof Accounts, amount: number): Promise<boolean> {
    using guard = await bank.lock();
    const accounts = guard.value;
    if (accounts[from] < amount) return false;
    await sleep(1); // the await inside the critical section
    accounts[from] -= amount;
    accounts[to] += amount;
    return true;
  }

  const results = await Promise.all([
    transfer('alice', 'bob', 70),
    transfer('alice', 'bob', 70), // refused: alice has 30 left once the first one is done
    transfer('bob', 'alice', 20),
  ]);
  out(`transfers: ${results.join(', ')}`);

  // runExclusive is lock → use → release in one call, released even if the function throws.
  const total = await bank.runExclusive((g) => g.value.alice + g.value.bob);
  const { alice, bob } = bank.tryLock()!.value;
  out(`alice ${alice}, bob ${bob}, total ${total}`);
}

if (isMain(import.meta)) await main();
