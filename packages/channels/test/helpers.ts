/** Lets every pending promise callback run (an event-loop turn, not a timer). */
export const settle = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise settled, and how. */
export function track<T>(p: PromiseLike<T>): { done: boolean; value?: T; error?: unknown } {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}
