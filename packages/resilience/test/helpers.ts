import { getEventListeners } from 'node:events';

/** Lets every pending promise reaction run (a macrotask turn: all microtasks before it have run). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records whether a promise settled, and how. */
export function track<T>(promise: PromiseLike<T>): { done: boolean; value?: T; error?: unknown } {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  Promise.resolve(promise).then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

/** A seeded source of numbers in [0, 1) (mulberry32): reproducible jitter. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Listeners on a signal's `abort` event. */
export function listeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** Counts `AbortController`s made while `body` runs (the global is swapped for a counting subclass). */
export async function countControllers(body: () => Promise<void>): Promise<number> {
  const Original = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      made++;
    }
  };
  try {
    await body();
  } finally {
    globalThis.AbortController = Original;
  }
  return made;
}

export const fail = (message: string) => () => Promise.reject(new Error(message));
