/**
 * The fixed examples of the kit: one scenario each, on a fresh subject.
 */
import { select } from '@async/core';
import { expect } from 'vitest';
import { abortListeners, settle } from './heap';
import { expectNothingLeft, expectTakes, type Outcome, readyLimit, watchOutcome } from './probes';
import { registerWake, type SelectBranch, trySelect } from './protocol';
import type { SelectableSubject, SubjectSetup } from './selectable-subject';

export async function tryConsumesOnlyOnValue(s: SelectableSubject<unknown>): Promise<void> {
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

export async function registrationConsumesNothing(s: SelectableSubject<unknown>): Promise<void> {
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

export async function unregisterEarly(s: SelectableSubject<unknown>): Promise<void> {
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

export async function wokenLeaverHandsOn(s: SelectableSubject<unknown>): Promise<void> {
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

type WaitKind = 'select' | 'wait';

/** Two waits of the given kinds race on fresh subjects: a select against a select, and so on. */
export async function twoWaitsRace(setup: SubjectSetup<unknown>): Promise<void> {
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
export async function raceOf(s: SelectableSubject<unknown>, kinds: [WaitKind, WaitKind], shared = false) {
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

export async function losingBranch(s: SelectableSubject<unknown>): Promise<void> {
  const result = await select({ x: s.branch() as SelectBranch, other: () => Promise.resolve('other') });
  expect(result.key, 'the function branch wins while the resource is not ready').toBe('other');
  await s.makeReady();
  expectTakes(s, 'the losing branch left no registration behind to take the unit');
  expectNothingLeft(s, 'after the unit was taken');
}

export async function abortSelect(s: SelectableSubject<unknown>): Promise<void> {
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

export async function abortOwnSignal(s: SelectableSubject<unknown>): Promise<void> {
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

/**
 * A select races the resource against a function branch that waits on the same resource, beside
 * another wait. When the select wins, it aborts its function branch from inside the resource's
 * wake-up: a wake-up loop must survive a waiter leaving under it, and hand nothing to it.
 */
export async function winAbortsOwnBranch(s: SelectableSubject<unknown>): Promise<void> {
  const wait = s.wait;
  if (wait === undefined) return; // no awaiting method with a signal: nothing to check
  const selected = watchOutcome(
    select(
      { x: s.branch() as SelectBranch, f: (signal: AbortSignal) => wait(signal) },
      { biased: true }, // `x` registers first, so its wake comes before the function branch's turn
    ).then((r) => r!.value),
  );
  const controller = new AbortController();
  const other = watchOutcome(wait(controller.signal));
  await settle();
  expect([selected.state, other.state]).toEqual(['pending', 'pending']);
  await s.makeReady(); // a throw here is the bug this check is after
  await settle();
  const outcomes = [selected, other];
  if (s.readiness === 'latch') {
    expect(
      outcomes.map((o) => o.state),
      'a latch lets both through',
    ).toEqual(['won', 'won']);
    return;
  }
  expect(
    outcomes.filter((o) => o.state === 'won'),
    'one unit, one winner',
  ).toHaveLength(1);
  const loser = outcomes.find((o) => o.state !== 'won')!;
  if (loser.state === 'rejected') expect(s.isEnd?.(loser.reason), 'the loser waits on').toBe(true);
  expectNothingLeft(s, 'the one unit went to one winner');
  controller.abort(new Error('done'));
  await settle();
}
