/**
 * Bounds for tests that wait on real sockets: every wait ends, so a bug fails the test instead of
 * hanging it. The bounds are generous safety limits, never assertions on timing.
 */

/** Resolves once `condition()` holds, checking once per turn of the event loop, at most `turns` times. */
export async function until(condition: () => boolean, turns = 10_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`condition not met after ${turns} turns of the event loop`);
}

/** `promise`, or a rejection if it has not settled within `ms` of real time (a safety limit). */
export function within<T>(promise: PromiseLike<T>, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
