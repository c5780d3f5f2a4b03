/** A task body that waits until its signal aborts, then rejects with the signal's reason. */
export const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );

/** A promise settled by hand, to control which task finishes when. */
export function gate<T = void>() {
  let open!: (v: T) => void;
  let fail!: (e: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}
