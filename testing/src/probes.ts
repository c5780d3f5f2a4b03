/**
 * What the checks observe of a subject: whether a fresh try finds it ready, and how a wait settled.
 */
import { expect } from 'vitest';
import { type TryResult, trySelect } from './protocol';
import type { SelectableSubject } from './selectable-subject';

export function readyLimit(s: SelectableSubject<unknown>): number {
  return s.readyLimit ?? Number.POSITIVE_INFINITY;
}

/** A try of a fresh branch must find a value (the resource is ready). */
export function expectTakes(s: SelectableSubject<unknown>, what: string): void {
  const r = trySelect(s.branch());
  expect(r, `${what}: a try of a fresh branch should find the resource ready`).toBeDefined();
  expect(r).toHaveProperty('value');
}

/**
 * A try of a fresh branch once the resource may be used up: its result, or `undefined` when it
 * throws. A resource that ends once used up (a oneshot whose value was taken) may throw its end from
 * a try, which completes a select with that error and takes nothing.
 */
export function tryAfterUse(s: SelectableSubject<unknown>): TryResult {
  try {
    return trySelect(s.branch());
  } catch (error) {
    if (s.isEnd?.(error) === true) return undefined;
    throw error;
  }
}

/** After one unit was taken, nothing is left (nothing duplicated); a latch stays ready. */
export function expectNothingLeft(s: SelectableSubject<unknown>, what: string): void {
  const r = tryAfterUse(s);
  if (s.readiness === 'latch') expect(r, `${what}: a latch stays ready`).toBeDefined();
  else expect(r, `${what}: the one unit was already taken, so a try must find nothing`).toBeUndefined();
}

/** A wait's outcome, recorded as it settles. */
export interface Outcome {
  state: 'pending' | 'won' | 'rejected';
  value: unknown;
  reason: unknown;
}

export function watchOutcome(promise: PromiseLike<unknown>): Outcome {
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
