import { describe, expect, it } from 'vitest';
import { type CheckName, describeSelectable, selectableChecks } from '../src/selectable-conformance';
import { type Flaw, toySubject } from './toy-queue';

// A correct implementation passes every check.
describeSelectable('a correct toy queue', () => toySubject());

/** Runs one check of the kit against a flawed toy queue. */
function runCheck(flaw: Flaw, name: CheckName): Promise<void> {
  const check = selectableChecks(() => toySubject(flaw), { longLivedWaits: 20_000, runs: 100 }).find(
    (c) => c.name === name,
  )!;
  return check.run();
}

describe('the kit fails an implementation that breaks the protocol', () => {
  // A select tries inside its wake, so only a caller that leaves after a wake without trying (as a
  // select that another branch won in the same turn may) meets this flaw: the fixed check sees it.
  it('a woken registration that leaves without passing the item on strands it', async () => {});

  it('registrations that unregistering leaves behind pile up and swallow wake-ups', async () => {
    await expect(
      runCheck(
        'unregister-keeps-wake',
        'unregister is idempotent, and a registration gone before readiness takes nothing',
      ),
    ).rejects.toThrow(/never called/);
    await expect(
      runCheck(
        'unregister-keeps-wake',
        'one long-lived signal over many losing selects keeps no listener and flat memory',
      ),
    ).rejects.toThrow(/heap growth/);
  });

  it('a registration that takes the item for itself loses it when its select ends otherwise', async () => {
    await expect(
      runCheck('registration-takes', 'a registration consumes nothing, and its wake comes once'),
    ).rejects.toThrow(/finds the unit/);
    await expect(
      runCheck(
        'registration-takes',
        'any interleaving of waits, aborts and readiness loses nothing and duplicates nothing',
      ),
    ).rejects.toThrow(/Property failed/);
  });

  it('a registration that replaces the one before it leaves a select hanging', async () => {
    await expect(
      runCheck('one-registration', 'one branch object raced by two selects at once serves both'),
    ).rejects.toThrow(/goes to the call that lost/);
  });
});
