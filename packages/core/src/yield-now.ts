/**
 * Gives the event loop a turn: resolves after pending promise callbacks, timers that are due and I/O
 * events have had a chance to run (a macrotask, not just a microtask), as tokio's `yield_now` lets
 * other tasks run. Use it to break up a long synchronous loop.
 *
 * @example
 * ```ts
 * import { yieldNow } from '@async/core';
 *
 * let sum = 0;
 * for (let i = 0; i < 100_000; i++) {
 *   sum += i;
 *   if (i % 10_000 === 0) await yieldNow();
 * }
 * ```
 */
export function yieldNow(): Promise<void> {
  return new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
    if (immediate !== undefined) immediate(resolve);
    else setTimeout(resolve, 0);
  });
}
