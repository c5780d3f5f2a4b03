// RT-05: runtime-agnostic library code, and what differs between JavaScript runtimes.
//
// Rust → TypeScript: a Rust library stays runtime-agnostic by depending on the `futures` crate rather
// than tokio or async-std, and lets the caller choose the runtime. In JavaScript the language owns
// the executor (promises and the microtask queue are the same everywhere), so a library is portable
// when it uses only web-standard APIs (`AbortSignal`, `queueMicrotask`, `setTimeout`, `structuredClone`)
// and packages that do the same. @async/core is one: it imports nothing from Node, and `run` simply
// skips signals and exit codes where there is no `process`. `futures::executor::block_on` → top-level
// `await` in a module. What does differ between Node, Deno, Bun and browsers is the host around it:
// process signals, threads (node:worker_threads vs Web Workers), and `setImmediate`. (Bun and Deno 2
// also provide Node's `process` and node: modules; a browser has only the web APIs.)
import { join } from '@async/core';
import { isMain, type Out } from './is-main';

// ---- Library code: @async/core and web-standard APIs only ------------------------------------------

/** Applies `process` to every item concurrently; results in input order. Portable to any runtime. */
export function processItems<T, R>(
  items: readonly T[],
  process: (item: T, signal: AbortSignal) => Promise<R>,
  options?: { signal?: AbortSignal },
): Promise<R[]> {
  return join(
    items.map((item) => (signal: AbortSignal) => process(item, signal)),
    options,
  ) as Promise<R[]>;
}

// ---- Application code: may look at the host ---------------------------------------------------------

interface Host {
  Deno?: { version: { deno: string } };
  Bun?: { version: string };
  process?: { versions?: { node?: string }; on?: unknown };
  window?: unknown;
  Worker?: unknown;
  setImmediate?: unknown;
}

export function detectRuntime(host: Host = globalThis as Host): string {
  if (host.Deno) return `Deno ${host.Deno.version.deno}`;
  if (host.Bun) return `Bun ${host.Bun.version}`;
  if (host.process?.versions?.node) return `Node ${host.process.versions.node}`;
  if (host.window !== undefined) return 'a browser';
  return 'an unknown runtime';
}

export function capabilities(host: Host = globalThis as Host): string[] {
  const yes = (x: boolean) => (x ? 'yes' : 'no');
  const node = host.process?.versions?.node !== undefined;
  return [
    `process signals for run(): ${yes(typeof host.process?.on === 'function')}`,
    `threads: ${node ? 'node:worker_threads' : host.Worker !== undefined ? 'Web Workers' : 'none'}`,
    `yieldNow uses: ${typeof host.setImmediate === 'function' ? 'setImmediate' : 'setTimeout(0)'}`,
  ];
}

export async function main(out: Out = console.log): Promise<void> {
  out(`running on ${detectRuntime()}`);
  for (const line of capabilities()) out(`  ${line}`);

  const doubled = await processItems([1, 2, 3, 4, 5], async (x) => x * 2);
  out(`library result: ${doubled.join(', ')}`);

  // The library's cancellation is the platform's: any AbortSignal, from any runtime.
  const controller = new AbortController();
  const slow = processItems(
    ['a', 'b'],
    (item, signal) =>
      new Promise<string>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason));
        if (item === 'a') resolve(item);
      }),
    { signal: controller.signal },
  );
  controller.abort(new DOMException('the user left', 'AbortError'));
  out(`cancelled library call: ${await slow.catch((e: unknown) => (e as DOMException).message)}`);

  // The same checks on a host with only web APIs, as a browser page is.
  const browser: Host = { window: {}, Worker: class {} };
  out(`on ${detectRuntime(browser)}: ${capabilities(browser).join('; ')}`);
}

if (isMain(import.meta)) await main();
