/** Small pieces every channel of the package shares. */

/** Options of every operation that can wait. */
export interface WaitOptions {
  /**
   * Aborts the wait: the call rejects with `signal.reason` and leaves no trace (nothing consumed, no
   * waiter left queued, no listener left on the signal).
   * @defaultValue no signal: wait as long as it takes
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * What a non-waiting receive found: a value (`ok: true`), or why there is none. `reason` is `'empty'`
 * when a value may still come, and `'disconnected'` (mpsc, broadcast) or `'closed'` (oneshot) when
 * none ever will; a lagging broadcast receiver gets `'lagged'` with the number it missed.
 */
export type TryRecvResult<T, Reason extends string = 'empty' | 'disconnected'> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: Reason };

/** @internal */
export const RESOLVED: Promise<undefined> = Promise.resolve(undefined);
/** @internal */
export const EMPTY = Object.freeze({ ok: false, reason: 'empty' } as const);
/** @internal */
export const DISCONNECTED = Object.freeze({ ok: false, reason: 'disconnected' } as const);
/** @internal */
export const CLOSED = Object.freeze({ ok: false, reason: 'closed' } as const);
/** @internal */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** @internal A packed array of `n` holes-free `undefined` slots (V8 keeps it in the fast element kind). */
export function slots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
