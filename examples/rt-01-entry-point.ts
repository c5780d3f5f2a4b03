// RT-01: the program's entry point: `run(main)` instead of `#[tokio::main]`.
//
// Rust → TypeScript: `#[tokio::main] async fn main()` builds a runtime and blocks on `main`. Node's
// event loop already exists and ESM has top-level await, so there is nothing to build; what `run`
// adds is what a program's main needs around it: a root `AbortSignal` that Ctrl-C (SIGINT) and SIGTERM
// abort, the exit code (what `main` returns; 1 if it throws; 128+n after signal n), a grace period for
// tasks still running when `main` returns, and a report of task failures nobody awaited (a Rust
// task's panic is printed by the panic hook; a JavaScript task's error would otherwise be an
// unhandled rejection).
import { run, spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

async function fetchGreeting(): Promise<string> {
  await yieldNow(); // in the seed, a 100 ms sleep
  return 'Hello from @async!';
}

/** The program: what would be `async fn main()` in Rust. The signal aborts on Ctrl-C. */
async function program(out: Out, signal: AbortSignal): Promise<number> {
  out(await fetchGreeting());
  const answer = spawn(async () => 6 * 7);
  out(`the answer is ${await answer}; cancelled: ${signal.aborted}`);
  return 0;
}

export async function main(out: Out = console.log, exit = true): Promise<void> {
  const report = (message: string, error?: unknown) =>
    out(`  report: ${message}${error instanceof Error ? ` ${error.message}` : ''}`);

  // Programs that end badly, run with `exit: false` so that they only return their exit code.
  out('a program whose main throws:');
  const thrown = await run(
    async () => {
      throw new Error('config file missing');
    },
    { exit: false, report },
  );
  out(`  exit code ${thrown}`);

  out('a program with a task that fails while nobody awaits it:');
  const unobserved = await run(
    async () => {
      spawn(
        async () => {
          throw new Error('disk full');
        },
        { name: 'flush-cache' },
      );
      await yieldNow();
      return 0;
    },
    { exit: false, report },
  );
  out(`  exit code ${unobserved}`);

  out('a program that returns its own code:');
  out(`  exit code ${await run(async () => 3, { exit: false, report })}`);

  // The real entry point: `run` sets process.exitCode from what `program` returns.
  out('this program:');
  const code = await run((signal) => program((line) => out(`  ${line}`), signal), { exit, report });
  out(`  exit code ${code}`);
}

if (isMain(import.meta)) await main();
