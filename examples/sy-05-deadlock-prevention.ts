// SY-05: deadlock prevention — a global lock order, tryLock with back-off, and timeouts.
//
// Rust → TypeScript: the same three techniques. Sorting the locks by a stable id before taking them
// removes the cycle; `try_lock` → `tryLock()` (undefined instead of Err); a timeout composes through
// an AbortSignal: `timeout(ms, (signal) => m.lock({ signal }))`.
import { Mutex } from '@async/sync';
import { sleep, TimeoutError, timeout } from '@async/time';
import { isMain, type Out } from './is-main';

class Account {
  readonly lock: Mutex<number>;
  constructor(
    readonly id: number,
    balance: number,
  ) {
    this.lock = new Mutex(balance);
  }
}

/** 1. Lock ordering: always lock the lower id first, whatever the direction of the transfer. */
async function transfer(from: Account, to: Account, amount: number): Promise<void> {
  const [first, second] = from.id < to.id ? [from, to] : [to, from];
  using a = await first.lock.lock();
  await sleep(1); // the window in which an unordered pair of transfers would deadlock
  using b = await second.lock.lock();
  const [src, dst] = first === from ? [a, b] : [b, a];
  src.value -= amount;
  dst.value += amount;
}

/** 2. tryLock: take the first lock, try the second, and back off (releasing the first) if busy. */
async function transferTry(from: Account, to: Account, amount: number, out: Out): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const a = await from.lock.lock();
    const b = to.lock.tryLock();
    if (b !== undefined) {
      a.value -= amount;
      b.value += amount;
      b.release();
      a.release();
      return attempt;
    }
    a.release();
    out(`  attempt ${attempt}: account ${to.id} busy, backing off`);
    await sleep(5 * attempt);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const a = new Account(1, 100);
  const b = new Account(2, 100);

  // Opposite transfers at the same time: with ordering, no deadlock.
  await Promise.all([transfer(a, b, 10), transfer(b, a, 30)]);
  const balance = (account: Account) => account.lock.runExclusive((g) => g.value);
  out(`ordered: a=${await balance(a)} b=${await balance(b)}`);

  const c = new Account(3, 50);
  const d = new Account(4, 50);
  const busy = (async () => {
    using held = await d.lock.lock();
    await sleep(12);
    return held.value;
  })();
  const attempts = await transferTry(c, d, 5, out);
  await busy;
  out(`tryLock: done after ${attempts} attempts; c=${await balance(c)} d=${await balance(d)}`);

  // 3. A timeout turns a would-be deadlock into an error the caller can handle.
  const e = new Account(5, 0);
  const stuck = await e.lock.lock(); // held and never released in time
  try {
    await timeout(50, (signal) => e.lock.lock({ signal }));
  } catch (err) {
    out(`timeout: ${TimeoutError.is(err) ? 'gave up after 50 ms instead of waiting forever' : String(err)}`);
  }
  stuck.release();
}

if (isMain(import.meta)) await main();
