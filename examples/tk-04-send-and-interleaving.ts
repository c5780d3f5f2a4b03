// TK-04: what `Send` bounds protect against, and what JavaScript has instead.
//
// Rust → TypeScript: `tokio::spawn` requires `Send` so that no two threads touch unsynchronised data
// (an `Rc` or `RefCell` is rejected at compile time). JavaScript runs all tasks on one thread, so
// there are no data races, and there is no `Send` bound: every value can be used by every task. Two
// hazards remain:
// 1. Interleaving at await points: between an `await` and the next line, other tasks run. A
//    read-modify-write that spans an `await` loses updates. Keep the critical section synchronous
//    (or guard it with a Mutex from @async/sync when it must await).
// 2. Crossing a real thread boundary (a worker): values are copied with structured clone, and what
//    cannot be copied (functions, class behaviour) is refused at run time with a `DataCloneError`,
//    the run-time counterpart of a missing `Send`.
import { join, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

class Account {
  balance = 0;
  /** Broken: reads, awaits (another task runs), then writes back what it read. */
  async depositAcrossAwait(amount: number): Promise<void> {
    const read = this.balance;
    await yieldNow(); // e.g. an audit log write
    this.balance = read + amount;
  }
  /** Correct: the read-modify-write happens with no await in between; the await comes after. */
  async deposit(amount: number): Promise<void> {
    this.balance += amount;
    await yieldNow();
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const racy = new Account();
  await join(Array.from({ length: 10 }, () => () => racy.depositAcrossAwait(10)));
  out(`10 deposits of 10 with an await inside read-modify-write: balance ${racy.balance}`);

  const safe = new Account();
  await join(Array.from({ length: 10 }, () => () => safe.deposit(10)));
  out(`10 deposits of 10 with a synchronous read-modify-write: balance ${safe.balance}`);

  // The thread boundary: what a worker would receive is a structured clone.
  const copy = structuredClone({ balance: 5, owner: 'ada' });
  out(`plain data crosses to a worker as a copy: ${JSON.stringify(copy)}`);
  try {
    structuredClone({ onChange: () => {} });
  } catch (error) {
    out(`a function cannot cross: ${(error as Error).name}`);
  }
  const account = structuredClone(safe);
  out(`a class instance arrives without its class: instanceof Account = ${account instanceof Account}`);
}

if (isMain(import.meta)) await main();
