import { describe, expect, test } from 'vitest';
import { DEFAULT_FLAGS } from '../flags';
import { NAME_PATTERN } from '../protocol';
import { Random } from '../random';
import { planUsers, roomNames } from '../workload';

describe('Random', () => {
  test('the same seed gives the same sequence; another seed another one', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(1)) expect(x >= 0 && x < 1).toBe(true);
  });

  test('int stays within its bounds and reaches both', () => {
    const r = new Random(5);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('planUsers', () => {
  const flags = { ...DEFAULT_FLAGS, users: 300, rooms: 10, slow: 0.05, vanish: 0.1 };

  test('roles in whole numbers of users, names unique and valid, rooms among the rooms', () => {
    const plans = planUsers(flags);
    const count = (role: string) => plans.filter((p) => p.role === role).length;
    expect([count('slow'), count('vanish'), count('flood'), count('steady')]).toEqual([15, 30, 6, 249]);
    expect(new Set(plans.map((p) => p.name)).size).toBe(300);
    for (const p of plans) expect(p.name).toMatch(NAME_PATTERN);
    const rooms = roomNames(10);
    for (const p of plans) {
      expect(p.rooms.length).toBeGreaterThan(0);
      for (const room of p.rooms) expect(rooms).toContain(room);
      expect(room(p.rooms)).toBe(true);
    }
    // Slow readers are in every room; the others in one or two.
    for (const p of plans.filter((p) => p.role === 'slow')) expect(p.rooms).toEqual(rooms);
    for (const p of plans.filter((p) => p.role !== 'slow')) expect(p.rooms.length).toBeLessThanOrEqual(2);
  });

  test('the seed decides everything: same seed, same plans; another seed, another shuffle', () => {
    const summary = (seed: number) =>
      planUsers({ ...flags, seed }).map((p) => `${p.name}:${p.rooms.join('+')}`);
    expect(summary(9)).toEqual(summary(9));
    expect(summary(9)).not.toEqual(summary(10));
  });

  test('fractions that add up to more than everyone leave no user without a role', () => {
    const plans = planUsers({ ...flags, users: 10, slow: 0.8, vanish: 0.8 });
    expect(plans.length).toBe(10);
    expect(plans.filter((p) => p.role === 'slow').length).toBe(8);
    expect(plans.filter((p) => p.role === 'vanish').length).toBe(2);
  });
});

/** Room names are `room-NN`, valid protocol names, each once. */
function room(rooms: readonly string[]): boolean {
  return new Set(rooms).size === rooms.length && rooms.every((r) => NAME_PATTERN.test(r));
}
