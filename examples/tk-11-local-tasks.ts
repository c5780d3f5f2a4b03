// TK-11: local (non-shareable) tasks: the LocalSet counterpart.
//
// Rust → TypeScript: tokio needs `LocalSet` + `spawn_local` to run futures that are not `Send` (an
// `Rc<RefCell<T>>`) on one thread. In JavaScript every task is local: the event loop is one thread,
// so `spawn` and `JoinSet.spawn` already are `spawn_local`, and `Rc<RefCell<T>>` is an ordinary
// mutable object. `local.run_until(async { … })` → a block with `await using set = new JoinSet()`,
// which does not end before its tasks have. What stays thread-bound is what cannot be cloned to a
// worker: functions, class instances (they arrive as plain objects), live handles such as sockets.
import { JoinSet, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

/** Not "Send": it holds a callback and mutable state, like an `Rc<RefCell<…>>` with a closure. */
class Counter {
  private value = 0;
  constructor(private readonly onChange: (value: number) => void) {}
  increment(): void {
    this.value++;
    this.onChange(this.value);
  }
  get current(): number {
    return this.value;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  const changes: number[] = [];
  const counter = new Counter((value) => changes.push(value)); // Rc::new(RefCell::new(…))

  {
    // LocalSet::run_until: the tasks share `counter` (Rc::clone) and mutate it (borrow_mut).
    await using local = new JoinSet<string>();
    for (const name of ['a', 'b', 'c']) {
      local.spawn(async () => {
        for (let i = 0; i < 2; i++) {
          counter.increment();
          await yieldNow();
        }
        return `task ${name} done`;
      });
    }
    for await (const done of local) out(done);
  }
  out(`counter ${counter.current}, observed changes [${changes}]`);

  // What makes it "!Send": it cannot be handed to another thread (a worker) as it is.
  try {
    structuredClone(counter);
  } catch (error) {
    out(`sending the counter to a worker: ${(error as Error).name}`);
  }
}

if (isMain(import.meta)) await main();
