/** Test sources that record what their consumer did to them. */
export interface Probe<T> extends AsyncIterable<T> {
  /** How many values were pulled (`next()` calls that yielded). */
  pulled: number;
  /** Whether the generator's `finally` ran. */
  finalized: boolean;
}

/** An async generator over `values` that counts pulls and records its `finally`. */
export function probe<T>(values: Iterable<T>): Probe<T> {
  const state = {
    pulled: 0,
    finalized: false,
    async *[Symbol.asyncIterator]() {
      try {
        for (const v of values) {
          state.pulled++;
          yield v;
        }
      } finally {
        state.finalized = true;
      }
    },
  };
  return state;
}

/** Lets every queued promise job run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
