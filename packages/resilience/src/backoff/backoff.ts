/**
 * What a backoff is: a source of delays, one fresh sequence per `execute` call (or per supervisor).
 * `retry` and `supervise` take a {@link Backoff}, an array of delays, or a function returning an
 * iterable (a generator function: the custom iterator).
 */

/** A backoff strategy: each call to `delays()` starts a new sequence of waits, in milliseconds. */
export interface Backoff {
  /**
   * A fresh sequence of delays: the first value is the wait after the first failure, and so on. The
   * sequence ending means "give up" (a finite backoff bounds the attempts as `maxAttempts` does).
   */
  delays(): Iterator<number>;
}

/** What the options of `retry` and `supervise` accept as a backoff. */
export type BackoffLike = Backoff | readonly number[] | (() => Iterable<number>);

/** @internal Normalises a {@link BackoffLike} (checked at construction, naming `name`). */
export function toBackoff(backoff: BackoffLike, name: string): Backoff {
  if (Array.isArray(backoff)) {
    const list = [...(backoff as readonly number[])];
    for (const [i, d] of list.entries()) {
      if (typeof d !== 'number' || !(d >= 0) || !Number.isFinite(d)) {
        throw new RangeError(
          `${name}[${i}] must be a non-negative, finite number of milliseconds, got ${String(d)} (${typeof d})`,
        );
      }
    }
    return { delays: () => list[Symbol.iterator]() };
  }
  if (typeof backoff === 'function') {
    const make = backoff as () => Iterable<number>;
    return { delays: () => make()[Symbol.iterator]() };
  }
  if (typeof backoff === 'object' && backoff !== null && typeof (backoff as Backoff).delays === 'function') {
    return backoff as Backoff;
  }
  throw new TypeError(
    `${name} must be a Backoff, an array of delays or a function returning an iterable, got ${String(backoff)} (${typeof backoff})`,
  );
}

/** A source of random numbers in [0, 1), like `Math.random`. Pass a seeded one to make jitter reproducible. */
export type Random = () => number;
