import { describe, expect, test } from 'vitest';
import { DeliveryCheck, type Invariant, InvariantLog } from '../invariants';

/** A fresh check of user `me`, and what its log says of each invariant. */
function setup() {
  const log = new InvariantLog();
  const check = new DeliveryCheck('me', log);
  const outcome = (invariant: Invariant) => log.results().find((r) => r.invariant === invariant)!;
  return { log, check, outcome };
}

describe('DeliveryCheck: no message lost to a client that was not lagging', () => {
  test('consecutive n from any first one: holds', () => {
    const { log, check, outcome } = setup();
    check.joining('r');
    for (const n of [41, 42, 43, 44]) check.message('r', n, 'other', n);
    expect(log.held).toBe(true);
    expect(outcome('delivery').checked).toBe(4);
  });

  test('a gap with no lagged notice: violated, naming the receiver, room and gap', () => {
    const { log, check, outcome } = setup();
    check.joining('r');
    check.message('r', 1, 'other', 1);
    check.message('r', 2, 'other', 2);
    check.message('r', 5, 'other', 3);
    expect(log.held).toBe(false);
    expect(outcome('delivery')).toMatchObject({ held: false, violations: 1 });
    expect(outcome('delivery').examples[0]).toBe(
      'me missed 2 message(s) of r (n=2 → 5) with no lagged notice',
    );
    expect(outcome('order').held).toBe(true);
  });

  test('a gap equal to the lagged notices before it (one or several): holds', () => {
    const { log, check } = setup();
    check.joining('r');
    check.message('r', 1, 'other', 1);
    check.lagged('r', 3);
    check.message('r', 5, 'other', 5);
    check.lagged('r', 2);
    check.lagged('r', 4);
    check.message('r', 12, 'other', 12);
    check.message('r', 13, 'other', 13);
    expect(log.held).toBe(true);
  });

  test('a gap other than the lagged notice said: violated both ways', () => {
    const bigger = setup();
    bigger.check.joining('r');
    bigger.check.message('r', 1, 'other', 1);
    bigger.check.lagged('r', 2);
    bigger.check.message('r', 5, 'other', 5);
    expect(bigger.outcome('delivery').examples).toEqual([
      'me missed 3 message(s) of r (n=1 → 5) but was told 2',
    ]);
    const smaller = setup();
    smaller.check.joining('r');
    smaller.check.message('r', 1, 'other', 1);
    smaller.check.lagged('r', 2);
    smaller.check.message('r', 2, 'other', 2);
    expect(smaller.log.held).toBe(false);
  });

  test('a lagged notice excuses only the next gap, not a later one', () => {
    const { log, check } = setup();
    check.joining('r');
    check.message('r', 1, 'other', 1);
    check.lagged('r', 1);
    check.message('r', 3, 'other', 3);
    check.message('r', 5, 'other', 5);
    expect(log.held).toBe(false);
  });

  test('rooms are separate: a lag in one excuses nothing in another', () => {
    const { log, check } = setup();
    check.joining('a');
    check.joining('b');
    check.message('a', 1, 'x', 1);
    check.message('b', 1, 'x', 2);
    check.lagged('a', 1);
    check.message('b', 3, 'x', 3);
    expect(log.held).toBe(false);
  });

  test('leaving and joining again starts the room afresh', () => {
    const { log, check } = setup();
    check.joining('r');
    check.message('r', 1, 'x', 1);
    check.left('r');
    check.joining('r');
    check.message('r', 9, 'x', 9);
    expect(log.held).toBe(true);
  });

  test('own says: each must come back, or be refused', () => {
    const { log, check } = setup();
    check.joining('r');
    check.said('r', 1);
    check.said('r', 2);
    check.said('r', 3);
    expect(check.unaccounted()).toBe(3);
    check.message('r', 10, 'me', 1);
    check.refused(2);
    expect(check.unaccounted()).toBe(1);
    check.message('r', 11, 'me', 3);
    expect(check.unaccounted()).toBe(0);
    check.finish();
    expect(log.held).toBe(true);
  });

  test('an own say that never came back: violated at the end', () => {
    const { check, outcome } = setup();
    check.joining('r');
    check.said('r', 1);
    check.said('r', 2);
    check.message('r', 10, 'me', 1);
    check.finish();
    expect(outcome('delivery').examples).toEqual(["1 of me's says in r never came back"]);
  });

  test('own says lost to a lag in their room are excused, up to the missed count', () => {
    const excused = setup();
    excused.check.joining('r');
    for (const seq of [1, 2, 3]) excused.check.said('r', seq);
    excused.check.lagged('r', 2);
    excused.check.message('r', 10, 'me', 3);
    expect(excused.check.unaccounted()).toBe(0);
    excused.check.finish();
    expect(excused.log.held).toBe(true);

    const tooMany = setup();
    tooMany.check.joining('r');
    for (const seq of [1, 2, 3]) tooMany.check.said('r', seq);
    tooMany.check.lagged('r', 1);
    tooMany.check.lagged('elsewhere', 5);
    tooMany.check.finish();
    expect(tooMany.outcome('delivery').examples).toEqual([
      "3 of me's says in r never came back (it lagged there by only 1)",
    ]);
  });

  test('a refused say that is delivered all the same: violated', () => {
    const { log, check } = setup();
    check.joining('r');
    check.said('r', 1);
    check.refused(1);
    check.message('r', 1, 'me', 1);
    expect(log.held).toBe(false);
  });
});

describe('DeliveryCheck: per-room order kept', () => {
  test('n going back, or repeated: violated', () => {
    for (const second of [3, 2]) {
      const { check, outcome } = setup();
      check.joining('r');
      check.message('r', 3, 'x', 1);
      check.message('r', second, 'x', 2);
      expect(outcome('order')).toMatchObject({ held: false, violations: 1 });
      expect(outcome('order').examples[0]).toBe(`me got n=${second} of r after n=3`);
    }
  });

  test("a sender's seq going back within a room: violated", () => {
    const { check, outcome } = setup();
    check.joining('r');
    check.message('r', 1, 'x', 7);
    check.message('r', 2, 'y', 1);
    check.message('r', 3, 'x', 5);
    expect(outcome('order').examples).toEqual(["me got x's seq 5 in r after seq 7"]);
    expect(outcome('delivery').held).toBe(true);
  });

  test("a sender's seq may skip (its other rooms' says) and restart per room", () => {
    const { log, check } = setup();
    check.joining('a');
    check.joining('b');
    check.message('a', 1, 'x', 1);
    check.message('b', 1, 'x', 2);
    check.message('a', 2, 'x', 4);
    check.message('b', 2, 'x', 3);
    expect(log.held).toBe(true);
  });

  test('a message of a room not joined (or already left): violated', () => {
    const { check, outcome } = setup();
    check.message('r', 1, 'x', 1);
    check.joining('s');
    check.left('s');
    check.message('s', 1, 'x', 2);
    expect(outcome('order').violations).toBe(2);
  });
});

describe('InvariantLog', () => {
  test('lists the three invariants, keeps five examples and counts every violation', () => {
    const log = new InvariantLog();
    expect(log.results().map((r) => r.invariant)).toEqual(['delivery', 'order', 'closed']);
    for (let i = 0; i < 8; i++) log.violate('closed', `socket ${i}`);
    const closed = log.results()[2]!;
    expect(closed).toMatchObject({ held: false, violations: 8 });
    expect(closed.examples).toEqual(['socket 0', 'socket 1', 'socket 2', 'socket 3', 'socket 4']);
    expect(log.held).toBe(false);
  });
});
