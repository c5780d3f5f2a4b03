import { describe, expect, test } from 'vitest';
import { type Clock, getDefaultClock, hostClock, setDefaultClock } from '../src/clock';
import { processSlot } from '../src/process-slot';

// What another copy of @async/core sees: the slots on `globalThis` under their `Symbol.for` keys.
// (test/copies.test.ts runs two real copies from the built packages.)
const slotOf = (name: string) => (globalThis as Record<symbol, unknown>)[Symbol.for(`@async/core:${name}`)];
const frozen: Clock = { now: () => 42, schedule: () => 0, cancel() {} };

describe('process-wide slots', () => {
  test('the first copy to ask creates a slot; later copies get that same object, not their own', () => {
    const first = processSlot('test-slot@1', () => ({ made: 'first' }));
    const second = processSlot('test-slot@1', () => ({ made: 'second' }));
    expect(second).toBe(first);
    expect(second.made).toBe('first');
    expect(slotOf('test-slot@1')).toBe(first);
    // Another layout version is another slot.
    expect(processSlot('test-slot@2', () => ({ made: 'v2' })).made).toBe('v2');
  });

  test('the default clock is read from and written to the shared slot', () => {
    const slot = slotOf('default-clock@1') as { clock: Clock };
    expect(slot.clock).toBe(getDefaultClock());
    slot.clock = frozen; // as setDefaultClock of another copy does
    try {
      expect(getDefaultClock()).toBe(frozen);
    } finally {
      slot.clock = hostClock;
    }
    {
      using _ = setDefaultClock(frozen);
      expect(slot.clock).toBe(frozen);
    }
    expect(slot.clock).toBe(hostClock);
  });

  test('the host clock is one per process: every copy exports the slot’s', () => {
    expect(slotOf('host-clock@1')).toBe(hostClock);
  });

  test('the slots do not show up in a listing of globalThis', () => {
    expect(Object.keys(globalThis).some((k) => k.includes('@async'))).toBe(false);
  });
});
