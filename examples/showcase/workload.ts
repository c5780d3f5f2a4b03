// The workload's plan, drawn from the seed before anything connects: each user's role, name and
// first rooms. Roles go to whole numbers of users (a fraction of 0.05 of 300 users is 15 slow ones).
import type { LoadFlags } from './flags';
import { Random } from './random';
import type { Role, UserPlan } from './user';

/** Fraction of users that break the rate limit on purpose (and send a too-long and a misdirected say). */
export const FLOOD_FRACTION = 0.02;
/** Fraction of ordinary users that join a second room at the start. */
const TWO_ROOMS = 0.2;

export function roomNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `room-${String(i + 1).padStart(2, '0')}`);
}

/**
 * One plan per user. Slow readers join every room, so that what they do not read piles up fast
 * enough for the server to lag them within a pause; the others join one room (some two).
 */
export function planUsers(flags: LoadFlags): UserPlan[] {
  const random = new Random(flags.seed);
  const rooms = roomNames(flags.rooms);
  const roles: Role[] = [];
  const take = (role: Role, fraction: number) => {
    const count = Math.min(Math.round(flags.users * fraction), flags.users - roles.length);
    for (let i = 0; i < count; i++) roles.push(role);
  };
  take('slow', flags.slow);
  take('vanish', flags.vanish);
  take('flood', FLOOD_FRACTION);
  while (roles.length < flags.users) roles.push('steady');
  // Shuffle (Fisher–Yates), so that the roles are spread over the user numbers and start times.
  for (let i = roles.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [roles[i], roles[j]] = [roles[j]!, roles[i]!];
  }
  return roles.map((role, i) => {
    const own = random.fork();
    const first = own.pick(rooms);
    const second = own.pick(rooms);
    return {
      name: `${role}-${String(i + 1).padStart(4, '0')}`,
      role,
      rooms: role === 'slow' ? rooms : second !== first && own.chance(TWO_ROOMS) ? [first, second] : [first],
      random: own,
    };
  });
}
