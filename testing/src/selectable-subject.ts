/**
 * What an implementer gives the conformance kit: one resource that some `Selectable` waits on, and
 * the hooks the checks need to drive it.
 */

/**
 * How a resource's readiness is used up.
 *
 * - `'unit'`: each `makeReady()` makes one more unit (a message, a permit, a tick) and each successful
 *   try takes exactly one; units pile up (`mpsc` receive, `Semaphore` acquire, `Interval` tick).
 * - `'coalescing'`: as `'unit'`, but readiness made while nobody waits does not pile up: at most one
 *   unit is stored (`Notify`'s permit, a `watch` receiver's unseen change).
 * - `'latch'`: once ready it stays ready and a try consumes nothing that another taker needs (a
 *   cancelled token, an elapsed sleep, a read lock once no writer holds it).
 */
export type Readiness = 'unit' | 'coalescing' | 'latch';

/** A resource under test, made fresh by the setup function for every check. */
export interface SelectableSubject<T = unknown> {
  /**
   * A branch to race in `select`, not ready yet. Called once for each wait: return the same object
   * each time when the resource is itself the selectable (a receiver, a token, a sleep), a fresh one
   * when a branch is made per wait (`mutex.locking()`, `notify.notified()`).
   */
  branch(): object;
  /**
   * Makes the resource ready for one more taker: sends a message, releases the guard the setup holds,
   * adds a permit, advances the test clock to the next deadline. May be async (a test clock).
   * The kit never calls it more than {@link SelectableSubject.readyLimit} times.
   */
  makeReady(): void | PromiseLike<void>;
  /** How readiness is used up; see {@link Readiness}. */
  readonly readiness: Readiness;
  /**
   * How many times `makeReady` can be called on one subject (a oneshot is sent once; a setup holds
   * one guard of a mutex).
   * @defaultValue `Infinity`
   */
  readonly readyLimit?: number;
  /**
   * The operation's own awaiting method with a signal (`recv({ signal })`, `lock({ signal })`), when it
   * has one: the kit checks that aborting it at any point leaves the resource as if it never waited.
   */
  wait?(signal: AbortSignal): PromiseLike<T>;
  /**
   * Gives back what a successful wait got (releases a guard or a permit), so that the next taker can
   * have it. The kit calls it for every value a wait or a `select` won, never for values its own
   * checks take with a try.
   */
  release?(value: T): void;
  /**
   * Whether `error` is the resource's end: what a wait may reject with (and a try throw) once the
   * resource is used up and can never be ready again (a oneshot whose value was taken). Such a wait
   * took nothing. Without it, only an abort may reject a wait.
   */
  isEnd?(error: unknown): boolean;
  /** Lets go of the resource (uninstalls a test clock). */
  teardown?(): void;
}

/** Makes a fresh subject for one check. */
export type SubjectSetup<T = unknown> = () => SelectableSubject<T> | PromiseLike<SelectableSubject<T>>;
