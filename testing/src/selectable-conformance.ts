/**
 * The Selectable conformance kit: one suite of checks of the select protocol (see
 * `packages/core/src/selectable.ts`), run by every implementer with a setup of its own, as
 * libp2p's interface-compliance-tests are.
 *
 * Each check makes a fresh subject, drives it only through the protocol, `select` and the subject's
 * hooks, and judges it by what a user can observe: what a later try gets, what a waiting select gets,
 * what a signal keeps. The checks are exported one by one ({@link selectableChecks}) so that the kit's
 * own tests can show that each of them fails on an implementation that breaks its rule.
 */
import { describe, it } from 'vitest';
import {
  abortOwnSignal,
  abortSelect,
  losingBranch,
  raceOf,
  registrationConsumesNothing,
  tryConsumesOnlyOnValue,
  twoWaitsRace,
  unregisterEarly,
  winAbortsOwnBranch,
  wokenLeaverHandsOn,
} from './fixed-checks';
import { interleavings } from './interleavings';
import { longLivedLosers, longLivedWinners } from './long-lived-signal';
import type { SelectableSubject, SubjectSetup } from './selectable-subject';

/** The checks, by name; the names are stable so that a known failure can be marked by name. */
export type CheckName =
  | 'try never waits, and consumes only when it returns a value'
  | 'a registration consumes nothing, and its wake comes once'
  | 'unregister is idempotent, and a registration gone before readiness takes nothing'
  | 'a woken registration that leaves without taking hands the readiness on'
  | 'two waits racing for one unit: one wins, the other waits for the next'
  | 'one branch object raced by two selects at once serves both'
  | 'a branch that loses a select is unregistered and took nothing'
  | 'a select whose win aborts its own branch waiting on the resource breaks no hand-off'
  | "aborting a select's signal leaves the resource as if it never waited"
  | "aborting the operation's own signal leaves the resource as if it never waited"
  | 'any interleaving of waits, aborts and readiness loses nothing and duplicates nothing'
  | 'one long-lived signal over many losing selects keeps no listener and flat memory'
  | 'one long-lived signal over many completed waits keeps no listener and flat memory';

/** Options of {@link describeSelectable}. */
export interface ConformanceOptions {
  /**
   * Checks known to fail, with the bug each one shows: they run as `it.fails`, so the suite stays
   * green while the bug is open and turns red once it is fixed (then remove the entry).
   */
  readonly knownFailures?: Partial<Record<CheckName, string>>;
  /**
   * Waits in each long-lived signal check.
   * @defaultValue `100_000`
   */
  readonly longLivedWaits?: number;
  /**
   * Heap growth allowed per wait in the long-lived signal checks, in bytes.
   * @defaultValue `8`
   */
  readonly bytesPerWait?: number;
  /**
   * Runs of the interleaving property.
   * @defaultValue `60`
   */
  readonly runs?: number;
}

/** One check of the kit. */
export interface Check {
  readonly name: CheckName;
  /** Milliseconds the check may take. */
  readonly timeout: number;
  run(): Promise<void>;
}

/**
 * Registers the kit's checks as a vitest `describe` block named `name`. `setup` makes a fresh subject
 * for every check.
 *
 * @example
 * ```ts no-run
 * import { describeSelectable } from '@async/testing';
 * import { mpsc } from '@async/channels';
 *
 * describeSelectable('mpsc Receiver', () => {
 *   const [tx, rx] = mpsc.unbounded<number>();
 *   let n = 0;
 *   return {
 *     branch: () => rx,
 *     makeReady: () => void tx.send(n++),
 *     readiness: 'unit',
 *     wait: (signal) => rx.recv({ signal }),
 *   };
 * });
 * ```
 */
export function describeSelectable<T>(
  name: string,
  setup: SubjectSetup<T>,
  options: ConformanceOptions = {},
): void {
  describe(`${name} (Selectable conformance)`, () => {
    for (const check of selectableChecks(setup, options)) {
      const bug = options.knownFailures?.[check.name];
      if (bug === undefined) it(check.name, () => check.run(), check.timeout);
      else it.fails(`${check.name} [known bug: ${bug}]`, () => check.run(), check.timeout);
    }
  });
}

/** The kit's checks for `setup`, to run one by one. */
export function selectableChecks<T>(setup: SubjectSetup<T>, options: ConformanceOptions = {}): Check[] {
  const longLived = options.longLivedWaits ?? 100_000;
  const bytesPerWait = options.bytesPerWait ?? 8;
  const runs = options.runs ?? 60;
  const withSubject =
    (body: (s: SelectableSubject<T>) => Promise<void>): (() => Promise<void>) =>
    async () => {
      const s = await setup();
      try {
        await body(s);
      } finally {
        s.teardown?.();
      }
    };
  const check = (name: CheckName, body: (s: SelectableSubject<T>) => Promise<void>, timeout = 20_000) => ({
    name,
    timeout,
    run: withSubject(body),
  });
  return [
    check('try never waits, and consumes only when it returns a value', tryConsumesOnlyOnValue),
    check('a registration consumes nothing, and its wake comes once', registrationConsumesNothing),
    check(
      'unregister is idempotent, and a registration gone before readiness takes nothing',
      unregisterEarly,
    ),
    check('a woken registration that leaves without taking hands the readiness on', wokenLeaverHandsOn),
    {
      name: 'two waits racing for one unit: one wins, the other waits for the next',
      timeout: 20_000,
      run: () => twoWaitsRace(setup as SubjectSetup<unknown>),
    },
    check('one branch object raced by two selects at once serves both', (s) =>
      raceOf(s, ['select', 'select'], true),
    ),
    check('a branch that loses a select is unregistered and took nothing', losingBranch),
    check(
      'a select whose win aborts its own branch waiting on the resource breaks no hand-off',
      winAbortsOwnBranch,
    ),
    check("aborting a select's signal leaves the resource as if it never waited", abortSelect),
    check("aborting the operation's own signal leaves the resource as if it never waited", abortOwnSignal),
    {
      name: 'any interleaving of waits, aborts and readiness loses nothing and duplicates nothing',
      timeout: 120_000,
      run: () => interleavings(setup, runs),
    },
    check(
      'one long-lived signal over many losing selects keeps no listener and flat memory',
      (s) => longLivedLosers(s, longLived, bytesPerWait),
      120_000,
    ),
    {
      name: 'one long-lived signal over many completed waits keeps no listener and flat memory',
      timeout: 120_000,
      run: () => longLivedWinners(setup, longLived, bytesPerWait),
    },
  ];
}
