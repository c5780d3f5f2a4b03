// RT-02: runtime configuration: a name, the signals that stop the program, and a shutdown grace period.
//
// Rust → TypeScript: `runtime::Builder::new_multi_thread().worker_threads(4).thread_name("my-worker")
// .enable_all().build()?.block_on(main)` → `run(main, { name, signals, shutdownTimeout })`. Worker
// threads, stack size and driver switches have no counterpart (one event loop, always with timers
// and I/O; see RT-03 for threads). What is configurable is what a program's lifecycle needs: its
// name in reports, which process signals abort the root signal (their exit code is 128 + n), and
// how long tasks still running at the end get to stop (tokio's `shutdown_timeout`).
//
// The programs below "receive" their signal from `process.emit`, as if Ctrl-C had been pressed, and
// run with `exit: false` so that only their exit code is returned. A real program leaves `exit` on.
import { run, spawn, yieldNow } from '@async/core';
import { isMain, type Out } from './is-main';

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

export async function main(out: Out = console.log): Promise<void> {
  const report = (message: string) => out(`  report: ${message}`);

  // A service stopped by SIGTERM: its background task stops within the grace period.
  out('inventory service, stopped by SIGTERM:');
  const code = await run(
    async (signal) => {
      spawn(
        async (taskSignal) => {
          await aborted(taskSignal); // run aborts the tasks still running when main ends
          await yieldNow(); // flushing buffers…
          out('  heartbeat: flushed and stopped');
        },
        { name: 'heartbeat' },
      );
      out('  serving until a signal arrives');
      setImmediate(() => process.emit('SIGTERM', 'SIGTERM'));
      await aborted(signal);
      out(`  main: root signal aborted (${(signal.reason as Error).message})`);
    },
    { name: 'inventory', signals: ['SIGINT', 'SIGTERM'], shutdownTimeout: 1_000, report, exit: false },
  );
  out(`  exit code ${code}`);

  // A task that ignores cancellation outlives the grace period: reported, exit code 1.
  out('batch job with a stubborn task and a 20 ms grace period:');
  const stubborn = await run(
    async () => {
      spawn(() => new Promise(() => {}), { name: 'legacy-poller' }); // never looks at its signal
      return 0;
    },
    { name: 'batch', shutdownTimeout: 20, report, exit: false },
  );
  out(`  exit code ${stubborn}`);

  // Other signals: a daemon that treats SIGHUP as "stop".
  out('daemon listening for SIGHUP:');
  const before = process.listenerCount('SIGHUP');
  const hup = await run(
    async (signal) => {
      out(`  listeners for SIGHUP while running: ${process.listenerCount('SIGHUP') - before}`);
      setImmediate(() => process.emit('SIGHUP', 'SIGHUP'));
      await aborted(signal);
    },
    { name: 'daemon', signals: ['SIGHUP'], report, exit: false },
  );
  out(`  exit code ${hup}; listeners left behind: ${process.listenerCount('SIGHUP') - before}`);
}

if (isMain(import.meta)) await main();
