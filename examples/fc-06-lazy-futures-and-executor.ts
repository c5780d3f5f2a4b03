// FC-06: futures are lazy; async blocks; what a Future, poll and a waker are; a toy executor.
//
// Rust → TypeScript:
// - A Rust future does nothing until polled; a JavaScript async function runs at once, up to its
//   first `await`, and its promise completes without anyone awaiting it. The lazy form is a
//   function: `() => work()` (an "async block" that has not started). `join`, `select` and `spawn`
//   take such functions and start them themselves.
// - `Future::poll(cx) -> Poll<T>` and `Waker` have no counterpart in user code: the engine's
//   microtask queue is the executor, and `then` registers the continuation (the waker). The toy
//   below rebuilds the Rust model to show how it works.
// - `Pin` has no meaning here: the program never moves objects (the garbage collector may, invisibly),
//   so a self-referential object is just an object.
// - @async's select protocol is the same idea as poll + waker: `[selectTry]()` is a poll that may
//   complete now, `[selectWait](wake)` registers a waker. It is what makes channel receives
//   cancel-safe in `select`.
import { CancellationToken, type Selectable, select } from '@async/core';
import { selectTry, selectWait, Wakers } from '@async/core/protocol';
import { isMain, type Out } from './is-main';

// ---- Eager promises, lazy functions ----------------------------------------------------------------

async function greet(out: Out): Promise<string> {
  out('  greet: body runs');
  await null;
  return 'hello';
}

// ---- The Rust model: Future, poll, Waker, and an executor --------------------------------------------

type Poll<T> = { readonly ready: true; readonly value: T } | { readonly ready: false };
const PENDING: Poll<never> = { ready: false };

/** `trait Future { fn poll(&mut self, cx: &mut Context) -> Poll<Self::Output> }` */
interface Future<T> {
  poll(wake: () => void): Poll<T>;
}

/** Ready at the first poll (`std::future::ready`, section 7.3). */
const ready = <T>(value: T): Future<T> => ({ poll: () => ({ ready: true, value }) });

/** Pending once, waking itself at once, then ready (section 7.4). */
class PendingOnce implements Future<string> {
  private polled = false;
  poll(wake: () => void): Poll<string> {
    if (this.polled) return { ready: true, value: 'ready on the second poll' };
    this.polled = true;
    wake(); // "poll me again": without this, the executor would never poll it again
    return PENDING;
  }
}

/** Ready after `n` turns of the host's event loop; something outside the future calls the waker. */
class Countdown implements Future<number> {
  constructor(private n: number) {}
  poll(wake: () => void): Poll<number> {
    if (this.n === 0) return { ready: true, value: 0 };
    this.n--;
    setImmediate(wake); // like a timer or an I/O event firing later
    return PENDING;
  }
}

/**
 * A toy single-threaded executor: a run queue of tasks; a task is polled when it is in the queue, and
 * its waker puts it back. Logs each poll. Returns every task's output, in task order.
 */
async function blockOn(futures: Record<string, Future<unknown>>, out: Out): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  const queue = Object.keys(futures);
  let live = queue.length;
  let idle: (() => void) | undefined;
  while (live > 0) {
    const name = queue.shift();
    if (name === undefined) {
      await new Promise<void>((resolve) => (idle = resolve)); // park until a waker fires
      continue;
    }
    let woken = false;
    const wake = () => {
      if (woken) return;
      woken = true;
      queue.push(name);
      idle?.();
    };
    const result = futures[name]!.poll(wake);
    out(`  poll ${name}: ${result.ready ? `Ready(${JSON.stringify(result.value)})` : 'Pending'}`);
    if (result.ready) {
      outputs[name] = result.value;
      live--;
    }
  }
  return outputs;
}

// ---- The same idea in @async: a selectable ------------------------------------------------------------

/** A one-shot flag: `[selectTry]` polls it, `[selectWait]` registers a waker. */
class Flag implements Selectable<string> {
  private value: string | undefined;
  private readonly wakers = new Wakers();
  set(value: string): void {
    this.value = value;
    this.wakers.wakeAll();
  }
  [selectTry]() {
    return this.value === undefined ? undefined : { value: this.value };
  }
  [selectWait](wake: () => void) {
    return this.wakers.add(wake);
  }
}

export async function main(out: Out = console.log): Promise<void> {
  out('calling an async function runs it at once (eager):');
  const promise = greet(out);
  out('  promise created');
  out(`  awaited: ${await promise}`);

  out('a function is the lazy form (an async block not yet started):');
  const later = () => greet(out);
  out('  nothing ran yet');
  out(`  started and awaited: ${await later()}`);

  out('a toy executor polling three futures:');
  const outputs = await blockOn(
    { ready: ready(42), once: new PendingOnce(), countdown: new Countdown(2) },
    out,
  );
  out(`  outputs: ${JSON.stringify(outputs)}`);

  out('the select protocol is poll + waker:');
  const flag = new Flag();
  const stop = new CancellationToken();
  setImmediate(() => flag.set('flag raised'));
  const winner = await select({ flag, stop });
  out(`  select woke for ${winner.key}: ${winner.value}`);
}

if (isMain(import.meta)) await main();
