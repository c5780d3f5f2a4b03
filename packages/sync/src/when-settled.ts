/**
 * Following the result of a user's function (internal), without letting a hostile value throw into the
 * code that called the function: a semaphore's hand-off, a lock's release, a cell's initialiser queue.
 *
 * `Promise.resolve(result).then(…)` throws synchronously for a native promise whose own `then` getter
 * throws (or whose `constructor` getter does), so the permit or the lock that the reaction was to give
 * back would be lost. Here the intrinsic `then` is called instead, which is what `await result` does:
 * an own `then` is ignored, the reactions run at most once, by the engine, and an error thrown on the
 * way (a `constructor` getter) counts as a rejection, as `await` rejects with it.
 */

const promiseThen = Promise.prototype.then;

/**
 * Calls `onFulfilled` or `onRejected`, once, with the outcome `await result` would see, and returns
 * the promise of what that callback returns. Never throws: an error on the way goes to `onRejected`.
 */
export function whenSettled<T, R>(
  result: T | PromiseLike<T>,
  onFulfilled: (value: T) => R | PromiseLike<R>,
  onRejected: (reason: unknown) => R | PromiseLike<R>,
): Promise<R> {
  try {
    return promiseThen.call(Promise.resolve(result), onFulfilled, onRejected) as Promise<R>;
  } catch (error) {
    // Nothing was hooked: the throw came before the intrinsic `then` registered its reactions.
    return promiseThen.call(Promise.reject(error), undefined, onRejected) as Promise<R>;
  }
}
