/**
 * The interleaving property: any sequence of selects, own waits, aborts (also in the same turn as a
 * readiness), readiness and yields loses nothing, duplicates nothing, and leaves no listener.
 */
import { select } from '@async/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { abortListeners, settle } from './heap';
import { type Outcome, readyLimit, tryAfterUse, watchOutcome } from './probes';
import type { SelectBranch } from './protocol';
import type { SelectableSubject, SubjectSetup } from './selectable-subject';

/**
 * The signal a wait is given: none (a select only), its own, one aborted already, or the one signal
 * that all `'shared'` waits of a run share (aborting it tells them all in one go, while the resource
 * may be handing a grant from one to the next).
 */
type SignalKind = 'none' | 'own' | 'aborted' | 'shared';

type Command =
  | { readonly kind: 'select'; readonly branches: 1 | 2; readonly signal: SignalKind }
  | { readonly kind: 'wait'; readonly signal: Exclude<SignalKind, 'none'> }
  | { readonly kind: 'abort'; readonly index: number }
  | { readonly kind: 'ready'; readonly thenAbort: number | null }
  | { readonly kind: 'yield'; readonly turn: boolean };

/** A wait the run started, and what became of it. */
interface Started {
  readonly controller: AbortController | undefined;
  /** What its signal aborts with. */
  readonly reason: Error;
  readonly outcome: Outcome;
  readonly fromSelect: boolean;
  /** Whether what it won was given back. */
  released: boolean;
}

const commandArbitrary = (withWait: boolean): fc.Arbitrary<Command> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('select' as const),
      branches: fc.constantFrom(1 as const, 2 as const),
      signal: fc.constantFrom('none' as const, 'own' as const, 'aborted' as const, 'shared' as const),
    }),
    ...(withWait
      ? [
          fc.record({
            kind: fc.constant('wait' as const),
            signal: fc.constantFrom('own' as const, 'aborted' as const, 'shared' as const),
          }),
        ]
      : []),
    fc.record({ kind: fc.constant('abort' as const), index: fc.nat(15) }),
    fc.record({ kind: fc.constant('ready' as const), thenAbort: fc.option(fc.nat(15)) }),
    fc.record({ kind: fc.constant('yield' as const), turn: fc.boolean() }),
  );

export async function interleavings<T>(setup: SubjectSetup<T>, runs: number): Promise<void> {
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
  const wait = withWait ? ({ kind: 'wait', signal: 'own' } as const) : own;
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
  const shared = new AbortController();
  const sharedReason = new Error('the shared signal aborted');
  let made = 0;
  let released = 0;
  /** Starts a wait's bookkeeping: its controller (if any), aborted already or not. */
  const signalFor = (kind: SignalKind): { controller: AbortController | undefined; reason: Error } => {
    if (kind === 'none') return { controller: undefined, reason: sharedReason };
    if (kind === 'shared') return { controller: shared, reason: sharedReason };
    const controller = new AbortController();
    const reason = new Error(`wait ${started.length} aborted`);
    if (kind === 'aborted') controller.abort(reason);
    return { controller, reason };
  };
  const abort = (index: number): void => {
    const w = started[index % Math.max(started.length, 1)];
    if (w === undefined || w.controller === undefined || w.controller.signal.aborted) return;
    w.controller.abort(w.reason);
  };
  /** Gives back what the waits that won got, as a program would once done with it; how many. */
  const releaseWon = (): number => {
    let now = 0;
    for (const w of started) {
      if (w.outcome.state !== 'won' || w.released) continue;
      w.released = true;
      if (s.release === undefined) continue;
      const value = w.fromSelect ? (w.outcome.value as { value: unknown }).value : w.outcome.value;
      s.release(value);
      now++;
    }
    released += now;
    return now;
  };
  /** Lets every wait settle, giving back what they won, until nothing more is handed on. */
  const quiesce = async (): Promise<void> => {
    // Bounded: each round hands a released unit to a waiting call, and there are few calls.
    for (let round = 0; round <= started.length; round++) {
      await settle();
      if (releaseWon() === 0) return;
    }
  };
  for (const command of commands) {
    switch (command.kind) {
      case 'select': {
        const { controller, reason } = signalFor(command.signal);
        const a = s.branch() as SelectBranch;
        const branches = command.branches === 1 ? { a } : { a, b: s.branch() as SelectBranch };
        const outcome = watchOutcome(select(branches, { signal: controller?.signal }));
        started.push({ controller, reason, outcome, fromSelect: true, released: false });
        break;
      }
      case 'wait': {
        const { controller, reason } = signalFor(command.signal);
        const outcome = watchOutcome(s.wait!(controller!.signal));
        started.push({ controller, reason, outcome, fromSelect: false, released: false });
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
  await quiesce();

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
  for (const w of pending) if (w.controller?.signal.aborted === false) w.controller.abort(w.reason);
  await quiesce();

  let won = 0;
  for (const w of started) {
    if (w.outcome.state === 'won') won++;
    else if (w.outcome.state === 'rejected') {
      // A resource used up for good may end the waits left with its end error: they took nothing.
      const ended = made >= readyLimit(s) && s.isEnd?.(w.outcome.reason) === true;
      if (!ended) {
        expect(w.controller?.signal.aborted, 'only an aborted wait rejects').toBe(true);
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
