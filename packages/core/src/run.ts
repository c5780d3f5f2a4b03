/**
 * `run`: the entry point of a program, as `#[tokio::main]`.
 *
 * It gives `main` a root signal, aborted by SIGINT/SIGTERM where a `process` exists (a second signal
 * exits at once). Every task spawned while it runs is tracked; when `main` settles, the tasks still
 * running are aborted and given a grace period (on the default clock, so a test clock controls it)
 * to stop. Then it reports failures of tasks nobody awaited, and sets the exit code. It imports and
 * runs in a browser too: there is simply no signal and no exit code.
 */
import { getDefaultClock } from './clock';
import { CancelledError, type JoinError } from './errors';
import { type JoinHandle, setTaskTracker, type TaskTracker } from './task';
import { checkBoolean, checkFunction, checkNumber, checkOptions, checkString, describe } from './validate';

/** Options for {@link run}. */
export interface RunOptions {
  /** The program's name, used in reports. @defaultValue `'main'` */
  readonly name?: string;
  /** Process signals that abort the root signal. @defaultValue `['SIGINT', 'SIGTERM']` */
  readonly signals?: readonly string[];
  /** How long tasks still running when `main` settles get to stop, in ms. @defaultValue `5000` */
  readonly shutdownTimeout?: number;
  /** Set `process.exitCode` (and exit if tasks outlive the grace period). @defaultValue `true` */
  readonly exit?: boolean;
  /** Where reports go. @defaultValue `console.error` */
  readonly report?: (message: string, error?: unknown) => void;
}

interface ProcessLike {
  on(event: string, listener: (signal: string) => void): unknown;
  off(event: string, listener: (signal: string) => void): unknown;
  exit(code: number): never;
  exitCode?: number | string | undefined;
}

const signalExitCodes: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

class Runtime implements TaskTracker {
  readonly live = new Set<JoinHandle<unknown>>();
  readonly unobserved = new Set<JoinHandle<unknown>>();
  readonly root = new AbortController();
  onEmpty: (() => void) | undefined = undefined;
  track(task: JoinHandle<unknown>): void {
    this.live.add(task);
  }
  untrack(task: JoinHandle<unknown>, unobservedFailure: boolean): void {
    this.live.delete(task);
    // A task that rethrows the root signal's reason stopped because the program is stopping. (Only a
    // failed task's outcome is a JoinError: a task that returned has its value there.)
    if (unobservedFailure && !this.stoppedByRoot(task)) this.unobserved.add(task);
    if (this.live.size === 0) this.onEmpty?.();
  }
  private stoppedByRoot(task: JoinHandle<unknown>): boolean {
    const root = this.root.signal;
    return root.aborted && (task.outcome as JoinError).cause === root.reason;
  }
  observed(task: JoinHandle<unknown>): void {
    this.unobserved.delete(task);
  }
}

/**
 * Runs `main(signal)` as the program, and resolves with its exit code once it and its tasks are done:
 * the number `main` returns, 0 if it returns nothing, 1 if it throws (the error is reported), 128 + n
 * after signal n; 1 also when a task failed and nobody awaited it, or tasks outlived the grace period.
 *
 * Tasks stopped by a cancellation (run's own shutdown, `abort()`, an aborted `signal` option, or a
 * task rethrowing the root signal's reason) are never reported and never change the exit code. A
 * task spawned while `run` runs that fails on its own is reported when `run` ends, unless its handle
 * was awaited (or `then` called on it) before then, or a `JoinSet` or `scope` owns it.
 *
 * Throws a `TypeError` or `RangeError` at the call for a `main` that is not a function or a bad option.
 *
 * @example
 * ```ts
 * import { run, spawn } from '@async/core';
 * import assert from 'node:assert/strict';
 *
 * const code = await run(async (signal) => {
 *   spawn(async () => 'background work');
 *   return signal.aborted ? 1 : 0;
 * }, { exit: false });
 * assert.equal(code, 0);
 * ```
 */
export function run(main: (signal: AbortSignal) => unknown, options?: RunOptions): Promise<number> {
  checkFunction(main, 'run: main');
  checkOptions(options, 'run: options', ['name', 'signals', 'shutdownTimeout', 'exit', 'report']);
  const {
    name = 'main',
    signals = ['SIGINT', 'SIGTERM'],
    shutdownTimeout = 5000,
    exit = true,
  } = options ?? {};
  checkString(name, 'run: options.name');
  if (!Array.isArray(signals))
    throw new TypeError(`run: options.signals must be an array, got ${describe(signals)}`);
  for (const [i, s] of signals.entries()) checkString(s, `run: options.signals[${i}]`);
  checkNumber(shutdownTimeout, 'run: options.shutdownTimeout', 0);
  checkBoolean(exit, 'run: options.exit');
  if (options?.report !== undefined) checkFunction(options.report, 'run: options.report');
  const report =
    options?.report ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  return runMain(main, name, signals, shutdownTimeout, exit, report);
}

async function runMain(
  main: (signal: AbortSignal) => unknown,
  name: string,
  signals: readonly string[],
  shutdownTimeout: number,
  exit: boolean,
  report: (message: string, error?: unknown) => void,
): Promise<number> {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const runtime = new Runtime();
  const previous = setTaskTracker(runtime);
  const root = runtime.root;

  let code: number | undefined;
  const onSignal = (signal: string): void => {
    if (root.signal.aborted) proc?.exit(signalExitCodes[signal] ?? 1);
    code = signalExitCodes[signal] ?? 1;
    root.abort(new CancelledError(`${name} received ${signal}`));
  };
  if (typeof proc?.on === 'function') for (const s of signals) proc.on(s, onSignal);

  try {
    const result = await main(root.signal);
    code ??= typeof result === 'number' ? result : 0;
  } catch (error) {
    if (code === undefined || error !== root.signal.reason) {
      code = 1;
      report(`${name} failed:`, error);
    }
  } finally {
    setTaskTracker(previous);
  }

  let outlived = false;
  if (runtime.live.size > 0) {
    for (const task of runtime.live) task.abort();
    outlived = !(await stopped(runtime, shutdownTimeout));
    if (outlived) {
      const names = [...runtime.live].map((t) => t.name ?? '(unnamed)').join(', ');
      report(
        `${name}: ${runtime.live.size} task(s) still running after the ${shutdownTimeout} ms grace period: ${names}`,
      );
      code = code || 1;
    }
  }
  for (const task of runtime.unobserved) {
    report(
      `${name}: task${task.name ? ` '${task.name}'` : ''} failed and nobody awaited it:`,
      (task.outcome as Error).cause,
    );
    code = code || 1;
  }
  if (typeof proc?.off === 'function') for (const s of signals) proc.off(s, onSignal);
  if (exit && proc !== undefined) {
    proc.exitCode = code;
    if (outlived) proc.exit(code);
  }
  return code;
}

/** Resolves `true` once every tracked task has stopped, or `false` when the grace period ends first. */
function stopped(runtime: Runtime, grace: number): Promise<boolean> {
  return new Promise((resolve) => {
    const clock = getDefaultClock();
    const timer = clock.schedule(clock.now() + grace, () => resolve(false));
    runtime.onEmpty = () => {
      clock.cancel(timer);
      resolve(true);
    };
  });
}
