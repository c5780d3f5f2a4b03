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
import { select } from '@async/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abortListeners, heapAfterGc, settle } from './heap';
import { registerWake, type SelectBranch, type TryResult, trySelect } from './protocol';
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

// ---------------------------------------------------------------------------------------------------
// Fixed examples

function readyLimit(s: SelectableSubject<unknown>): number {
  return s.readyLimit ?? Number.POSITIVE_INFINITY;
}

/** A try of a fresh branch must find a value (the resource is ready). */
function expectTakes(s: SelectableSubject<unknown>, what: string): void {
  const r = trySelect(s.branch());
  expect(r, `${what}: a try of a fresh branch should find the resource ready`).toBeDefined();
  expect(r).toHaveProperty('value');
}

/**
 * A try of a fresh branch once the resource may be used up: its result, or `undefined` when it
 * throws. A resource that ends once used up (a oneshot whose value was taken) may throw its end from
 * a try, which completes a select with that error and takes nothing.
 */
function tryAfterUse(s: SelectableSubject<unknown>): TryResult {
  try {
    return trySelect(s.branch());
  } catch {
    return undefined;
  }
}

/** After one unit was taken, nothing is left (nothing duplicated); a latch stays ready. */
function expectNothingLeft(s: SelectableSubject<unknown>, what: string): void {
  const r = tryAfterUse(s);
  if (s.readiness === 'latch') expect(r, `${what}: a latch stays ready`).toBeDefined();
  else expect(r, `${what}: the one unit was already taken, so a try must find nothing`).toBeUndefined();
}

async function tryConsumesOnlyOnValue(s: SelectableSubject<unknown>): Promise<void> {
  const b = s.branch();
  for (let i = 0; i < 3; i++) {
    const r = trySelect(b);
    expect(r, 'a try of a resource that is not ready returns undefined').toBeUndefined();
  }
  await s.makeReady();
  const r = trySelect(b);
  expect(r, 'the tries that found nothing consumed nothing: the unit made ready is there').toBeDefined();
  expect(r).toHaveProperty('value');
  expect(
    typeof (r as { value: { then?: unknown } }).value?.then,
    'a try returns a value, not a promise',
  ).not.toBe('function');
  expectNothingLeft(s, 'after the try that took it');
}

async function registrationConsumesNothing(s: SelectableSubject<unknown>): Promise<void> {
  const b = s.branch();
  expect(trySelect(b)).toBeUndefined();
  let wakes = 0;
  const unregister = registerWake(b, () => {
    wakes++;
  });
  expect(typeof unregister, '[selectWait] returns an unregister function').toBe('function');
  expect(wakes, 'not ready: no wake').toBe(0);
  await s.makeReady();
  expect(wakes, 'readiness wakes the registration').toBe(1);
  const r = trySelect(b);
  expect(r, 'the woken branch finds the unit: registering did not hand it to anyone else').toBeDefined();
  expectNothingLeft(s, 'after the woken branch took it');
  if (readyLimit(s) >= 2) {
    await s.makeReady();
    expect(wakes, 'wake is called at most once per registration').toBe(1);
  }
  unregister();
  unregister();
}

async function unregisterEarly(s: SelectableSubject<unknown>): Promise<void> {
  const b = s.branch();
  expect(trySelect(b)).toBeUndefined();
  let wakes = 0;
  const unregister = registerWake(b, () => {
    wakes++;
  });
  unregister();
  unregister();
  await s.makeReady();
  expect(wakes, 'an unregistered wake is never called').toBe(0);
  expectTakes(s, 'a registration that left before readiness took nothing');
  expectNothingLeft(s, 'after the unit was taken');
}

async function wokenLeaverHandsOn(s: SelectableSubject<unknown>): Promise<void> {
  const b1 = s.branch();
  const b2 = s.branch();
  const wakes = [0, 0];
  const unregisters = [
    registerWake(b1, () => {
      wakes[0]!++;
    }),
    registerWake(b2, () => {
      wakes[1]!++;
    }),
  ];
  await s.makeReady();
  const first = wakes[0]! > 0 ? 0 : wakes[1]! > 0 ? 1 : -1;
  expect(first, 'readiness wakes one of the two registrations').not.toBe(-1);
  const other = 1 - first;
  // The woken one leaves without trying, as a select does that another branch won meanwhile.
  unregisters[first]!();
  expect(wakes[other], 'the readiness it left goes on to the other registration').toBe(1);
  const r = trySelect(other === 0 ? b1 : b2);
  expect(r, 'the other registration finds the unit').toBeDefined();
  expectNothingLeft(s, 'handing on duplicated nothing');
  unregisters[other]!();
}

/** A select's outcome, recorded as it settles. */
interface Outcome {
  state: 'pending' | 'won' | 'rejected';
  value: unknown;
  reason: unknown;
}

function watchOutcome(promise: PromiseLike<unknown>): Outcome {
  const outcome: Outcome = { state: 'pending', value: undefined, reason: undefined };
  promise.then(
    (value) => {
      outcome.state = 'won';
      outcome.value = value;
    },
    (reason: unknown) => {
      outcome.state = 'rejected';
      outcome.reason = reason;
    },
  );
  return outcome;
}

type WaitKind = 'select' | 'wait';

/** Two waits of the given kinds race on fresh subjects: a select against a select, and so on. */
async function twoWaitsRace(setup: SubjectSetup<unknown>): Promise<void> {
  const probe = await setup();
  const pairs: [WaitKind, WaitKind][] = [['select', 'select']];
  if (probe.wait !== undefined) pairs.push(['wait', 'wait'], ['select', 'wait'], ['wait', 'select']);
  probe.teardown?.();
  for (const pair of pairs) {
    const s = await setup();
    try {
      await raceOf(s, pair);
    } catch (error) {
      if (error instanceof Error) error.message = `${pair.join(' against ')}: ${error.message}`;
      throw error;
    } finally {
      s.teardown?.();
    }
  }
}

/**
 * Two waits race for one unit. With `shared`, both selects race one branch object (as two tasks
 * selecting on one receiver do), so its registrations must not overwrite each other.
 */
async function raceOf(s: SelectableSubject<unknown>, kinds: [WaitKind, WaitKind], shared = false) {
  const controllers = [new AbortController(), new AbortController()];
  const branch = shared ? s.branch() : undefined;
  const start = (kind: WaitKind, signal: AbortSignal): PromiseLike<unknown> =>
    kind === 'select'
      ? select({ x: (branch ?? s.branch()) as SelectBranch }, { signal }).then((r) => r!.value)
      : s.wait!(signal);
  const outcomes = kinds.map((kind, i) => watchOutcome(start(kind, controllers[i]!.signal)));
  await settle();
  expect(outcomes.map((o) => o.state)).toEqual(['pending', 'pending']);
  await s.makeReady();
  await settle();
  const won = outcomes.filter((o) => o.state === 'won');
  if (s.readiness === 'latch') {
    expect(won, 'a latch lets every waiting call through').toHaveLength(2);
    return;
  }
  expect(won, 'one unit, one winner').toHaveLength(1);
  const usedUp = s.release === undefined && readyLimit(s) < 2;
  const ended = (o: Outcome) => o.state === 'rejected' && usedUp && s.isEnd?.(o.reason) === true;
  expect(
    outcomes.filter((o) => o.state === 'rejected' && !ended(o)),
    'the loser keeps waiting (or, on a resource used up for good, ends with its end error)',
  ).toHaveLength(0);
  if (s.release !== undefined) s.release(won[0]!.value);
  else if (readyLimit(s) >= 2) await s.makeReady();
  else {
    // A resource made ready once (a oneshot): the loser waits on, and nothing is left to take.
    expectNothingLeft(s, 'the winner took the only unit');
    for (const c of controllers) c.abort(new Error('done'));
    await settle();
    return;
  }
  await settle();
  expect(
    outcomes.map((o) => o.state),
    'the next unit goes to the call that lost',
  ).toEqual(['won', 'won']);
  for (const c of controllers) expect(abortListeners(c.signal), 'a settled wait keeps no listener').toBe(0);
}

async function losingBranch(s: SelectableSubject<unknown>): Promise<void> {
  const result = await select({ x: s.branch() as SelectBranch, other: () => Promise.resolve('other') });
  expect(result.key, 'the function branch wins while the resource is not ready').toBe('other');
  await s.makeReady();
  expectTakes(s, 'the losing branch left no registration behind to take the unit');
  expectNothingLeft(s, 'after the unit was taken');
}

async function abortSelect(s: SelectableSubject<unknown>): Promise<void> {
  const early = new Error('aborted before');
  await expect(select({ x: s.branch() as SelectBranch }, { signal: AbortSignal.abort(early) })).rejects.toBe(
    early,
  );
  const controller = new AbortController();
  const reason = new Error('aborted while waiting');
  const pending = select({ x: s.branch() as SelectBranch }, { signal: controller.signal });
  const outcome = watchOutcome(pending);
  await settle();
  expect(outcome.state).toBe('pending');
  controller.abort(reason);
  await expect(pending).rejects.toBe(reason);
  await settle();
  expect(abortListeners(controller.signal)).toBe(0);
  await s.makeReady();
  expectTakes(s, 'the aborted selects took nothing and left no registration');
  expectNothingLeft(s, 'after the unit was taken');
}

async function abortOwnSignal(s: SelectableSubject<unknown>): Promise<void> {
  if (s.wait === undefined) return; // no awaiting method with a signal: nothing to check
  const early = new Error('aborted before');
  await expect(Promise.resolve(s.wait(AbortSignal.abort(early)))).rejects.toBe(early);
  const controller = new AbortController();
  const reason = new Error('aborted while waiting');
  const outcome = watchOutcome(s.wait(controller.signal));
  await settle();
  expect(outcome.state, 'the operation waits while the resource is not ready').toBe('pending');
  controller.abort(reason);
  await settle();
  expect(outcome.state).toBe('rejected');
  expect(outcome.reason, 'an aborted wait rejects with the signal’s reason').toBe(reason);
  expect(abortListeners(controller.signal)).toBe(0);
  await s.makeReady();
  expectTakes(s, 'the aborted waits took nothing and left no waiter behind');
  expectNothingLeft(s, 'after the unit was taken');
}

// ---------------------------------------------------------------------------------------------------
// The interleaving property

type Command =
  | { readonly kind: 'select'; readonly branches: 1 | 2; readonly signal: 'none' | 'own' | 'aborted' }
  | { readonly kind: 'wait'; readonly aborted: boolean }
  | { readonly kind: 'abort'; readonly index: number }
  | { readonly kind: 'ready'; readonly thenAbort: number | null }
  | { readonly kind: 'yield'; readonly turn: boolean };

interface Started {
  readonly controller: AbortController | undefined;
  readonly reason: Error;
  readonly outcome: Outcome;
  readonly fromSelect: boolean;
  aborted: boolean;
  released: boolean;
}

const commandArbitrary = (withWait: boolean): fc.Arbitrary<Command> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('select' as const),
      branches: fc.constantFrom(1 as const, 2 as const),
      signal: fc.constantFrom('none' as const, 'own' as const, 'aborted' as const),
    }),
    ...(withWait ? [fc.record({ kind: fc.constant('wait' as const), aborted: fc.boolean() })] : []),
    fc.record({ kind: fc.constant('abort' as const), index: fc.nat(15) }),
    fc.record({ kind: fc.constant('ready' as const), thenAbort: fc.option(fc.nat(15)) }),
    fc.record({ kind: fc.constant('yield' as const), turn: fc.boolean() }),
  );

async function interleavings<T>(setup: SubjectSetup<T>, runs: number): Promise<void> {
  const probe = await setup();
  const withWait = probe.wait !== undefined;
  probe.teardown?.();
  await fc.assert(
    fc.asyncProperty(fc.array(commandArbitrary(withWait), { maxLength: 14 }), async (commands) => {
      const s = (await setup()) as SelectableSubject<unknown>;
      try {
        await runInterleaving(s, commands);
      } finally {
        s.teardown?.();
      }
    }),
    { numRuns: runs, examples: canonicalInterleavings(withWait) },
  );
}

/**
 * Interleavings that every run tries first, whatever the seed: two waits on one resource around one
 * readiness, with aborts before, in the same turn as, and after it.
 */
function canonicalInterleavings(withWait: boolean): [Command[]][] {
  const own = { kind: 'select', branches: 1, signal: 'own' } as const;
  const wait = withWait ? ({ kind: 'wait', aborted: false } as const) : own;
  const ready = { kind: 'ready', thenAbort: null } as const;
  const turn = { kind: 'yield', turn: true } as const;
  const abort = (index: number) => ({ kind: 'abort', index }) as const;
  return [
    [[own, own, ready, turn, abort(0), abort(1)]],
    [[wait, wait, ready, turn, abort(0), abort(1)]],
    [[own, wait, ready, turn, abort(0), abort(1)]],
    [[wait, own, turn, { kind: 'ready', thenAbort: 0 }, turn, abort(1)]],
    [[own, { kind: 'select', branches: 2, signal: 'own' }, turn, abort(0), ready, ready, turn, abort(1)]],
  ];
}

async function runInterleaving(s: SelectableSubject<unknown>, commands: readonly Command[]): Promise<void> {
  const started: Started[] = [];
  let made = 0;
  let released = 0;
  const abort = (index: number): void => {
    const w = started[index % Math.max(started.length, 1)];
    if (w === undefined || w.controller === undefined || w.aborted) return;
    w.aborted = true;
    w.controller.abort(w.reason);
  };
  /** Gives back what the waits that won got, as a program would once done with it. */
  const releaseWon = (): void => {
    for (const w of started) {
      if (w.outcome.state !== 'won' || w.released) continue;
      w.released = true;
      if (s.release === undefined) continue;
      const value = w.fromSelect ? (w.outcome.value as { value: unknown }).value : w.outcome.value;
      s.release(value);
      released++;
    }
  };
  for (const command of commands) {
    switch (command.kind) {
      case 'select': {
        const reason = new Error(`select ${started.length} aborted`);
        const signal =
          command.signal === 'aborted'
            ? AbortSignal.abort(reason)
            : command.signal === 'own'
              ? new AbortController()
              : undefined;
        const controller = signal instanceof AbortController ? signal : undefined;
        const a = s.branch() as SelectBranch;
        const branches = command.branches === 1 ? { a } : { a, b: s.branch() as SelectBranch };
        const outcome = watchOutcome(
          select(branches, {
            signal: signal instanceof AbortController ? signal.signal : signal,
          }),
        );
        started.push({
          controller,
          reason,
          outcome,
          fromSelect: true,
          aborted: command.signal === 'aborted',
          released: false,
        });
        break;
      }
      case 'wait': {
        const reason = new Error(`wait ${started.length} aborted`);
        const controller = new AbortController();
        if (command.aborted) controller.abort(reason);
        started.push({
          controller,
          reason,
          outcome: watchOutcome(s.wait!(controller.signal)),
          fromSelect: false,
          aborted: command.aborted,
          released: false,
        });
        break;
      }
      case 'abort':
        abort(command.index);
        break;
      case 'ready': {
        if (made >= readyLimit(s)) break;
        made++;
        const done = s.makeReady();
        // Aborting in the same turn as the readiness, before any promise job has run.
        if (command.thenAbort !== null) abort(command.thenAbort);
        await done;
        break;
      }
      case 'yield':
        if (command.turn) await settle();
        else await Promise.resolve();
        break;
    }
    releaseWon();
  }
  await settle();
  releaseWon();

  const pending = started.filter((w) => w.outcome.state === 'pending');
  if (s.readiness === 'latch' && made > 0) {
    expect(pending, 'a latch that is ready lets every waiting select through').toHaveLength(0);
  }
  if (pending.length > 0) {
    expect(
      tryAfterUse(s),
      'a unit is free while a wait still waits for one (a lost wake-up)',
    ).toBeUndefined();
  }
  for (const w of pending) {
    if (w.controller === undefined) continue;
    w.aborted = true;
    w.controller.abort(w.reason);
  }
  await settle();
  releaseWon();

  let won = 0;
  for (const w of started) {
    if (w.outcome.state === 'won') won++;
    else if (w.outcome.state === 'rejected') {
      // A resource used up for good may end the waits left with its end error: they took nothing.
      const ended = made >= readyLimit(s) && s.isEnd?.(w.outcome.reason) === true;
      if (!ended) {
        expect(w.aborted, 'only an aborted wait rejects').toBe(true);
        expect(w.outcome.reason, 'an aborted wait rejects with its signal’s reason').toBe(w.reason);
      }
    } else {
      expect(w.controller, 'only a wait without a signal may still wait').toBeUndefined();
    }
    if (w.controller !== undefined && w.outcome.state !== 'pending') {
      expect(abortListeners(w.controller.signal), 'a settled wait keeps no listener').toBe(0);
    }
  }
  const stillWaiting = started.some((w) => w.outcome.state === 'pending');
  let left = 0;
  // Bounded: one try more than could possibly be left.
  for (let i = 0; i <= made + released && tryAfterUse(s) !== undefined; i++) left++;
  if (s.readiness === 'latch') {
    expect(left > 0, 'a latch is ready once made ready, and not before').toBe(made > 0);
  } else if (s.readiness === 'unit') {
    if (!stillWaiting) {
      expect(won + left, 'every unit made ready is taken once: by a winner or by a later try').toBe(
        made + released,
      );
    } else expect(won + left).toBeLessThanOrEqual(made + released);
  } else {
    expect(won + left, 'nothing is taken twice').toBeLessThanOrEqual(made + released);
    if (made > 0 && !stillWaiting) expect(won + left, 'readiness made is not lost').toBeGreaterThan(0);
  }
}

// ---------------------------------------------------------------------------------------------------
// One long-lived signal

const otherBranch = (): Promise<string> => Promise.resolve('other');

async function longLivedLosers(s: SelectableSubject<unknown>, waits: number, bytesPerWait: number) {
  const { signal } = new AbortController();
  const round = async (): Promise<void> => {
    const result = await select({ x: s.branch() as SelectBranch, other: otherBranch }, { signal });
    if (result.key !== 'other')
      throw new Error('the resource was ready: the setup must make one that is not');
  };
  for (let i = 0; i < Math.min(10_000, waits); i++) await round(); // warm-up: compiled code in the baseline
  await settle();
  const before = heapAfterGc();
  for (let i = 0; i < waits; i++) await round();
  await settle();
  expect(abortListeners(signal), 'the signal keeps no listener once the selects settled').toBe(0);
  const growth = heapAfterGc() - before;
  expect(growth, `heap growth over ${waits} losing selects`).toBeLessThan(waits * bytesPerWait);
  await s.makeReady();
  expectTakes(s, `${waits} losing selects left no registration behind`);
}

async function longLivedWinners(setup: SubjectSetup<unknown>, waits: number, bytesPerWait: number) {
  const { signal } = new AbortController();
  const round = async (i: number): Promise<void> => {
    const s = await setup();
    try {
      let value: unknown;
      if (s.wait !== undefined && i % 2 === 1) {
        const waiting = s.wait(signal);
        await s.makeReady();
        value = await waiting;
      } else {
        const waiting = select({ x: s.branch() as SelectBranch }, { signal });
        await s.makeReady();
        value = (await waiting)!.value;
      }
      s.release?.(value);
    } finally {
      s.teardown?.();
    }
  };
  for (let i = 0; i < Math.min(10_000, waits); i++) await round(i);
  await settle();
  const before = heapAfterGc();
  for (let i = 0; i < waits; i++) await round(i);
  await settle();
  expect(abortListeners(signal), 'the signal keeps no listener once the waits settled').toBe(0);
  const growth = heapAfterGc() - before;
  expect(growth, `heap growth over ${waits} completed waits`).toBeLessThan(waits * bytesPerWait);
}
