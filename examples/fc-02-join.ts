// FC-02: join: run independent operations concurrently and wait for all of them.
//
// Rust → TypeScript: `tokio::join!(a, b, c)` → `join([a, b, c])` (a tuple, typed per position) or
// `join({ user, posts })` (named results). Operations are promises, or functions `(signal) => promise`
// that join starts. As `join!`, it waits for every operation even if one fails; then it rejects with
// the first failure. (`Promise.all` rejects at the first failure and leaves the others running
// unobserved; `tryJoin` (FC-03) is the fail-fast form that also cancels them.)
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from '@async/core';
import { isMain, type Out } from './is-main';

let inFlight = 0;
let mostInFlight = 0;

/** A stand-in for a 20 ms request that counts how many requests overlap. */
async function request<T>(value: T, fail = false): Promise<T> {
  mostInFlight = Math.max(mostInFlight, ++inFlight);
  try {
    await sleep(20);
    if (fail) throw new Error(`request for ${JSON.stringify(value)} failed`);
    return value;
  } finally {
    inFlight--;
  }
}

export async function main(out: Out = console.log): Promise<void> {
  // One after the other: each await waits for the previous request.
  let started = performance.now();
  mostInFlight = 0;
  const a = await request('User_1');
  const b = await request('User_2');
  const c = await request('User_3');
  out(`sequential: ${a}, ${b}, ${c}; at most ${mostInFlight} in flight`);
  const sequentialMs = performance.now() - started;

  // Concurrently: all three start at once.
  started = performance.now();
  mostInFlight = 0;
  const [r1, r2, r3] = await join([request('User_1'), request('User_2'), request('User_3')]);
  out(`join: ${r1}, ${r2}, ${r3}; at most ${mostInFlight} in flight`);
  const joinMs = performance.now() - started;
  out(`took ${Math.round(sequentialMs)} ms one after the other, ${Math.round(joinMs)} ms with join`);

  // Named operations, of different types; functions are started by join.
  const profile = await join({
    user: () => request({ id: 42, name: 'ada' }),
    posts: () => request(['hello', 'again']),
    unread: request(3),
  });
  out(`profile: ${profile.user.name}, ${profile.posts.length} posts, ${profile.unread} unread`);

  // join waits for every operation, even after one failed, then rejects with the first failure.
  let settled = 0;
  const count = <T>(p: Promise<T>) => p.finally(() => settled++);
  try {
    await join([count(request('x', true)), count(request('y')), count(request('z'))]);
  } catch (error) {
    out(`join failed: ${(error as Error).message}; operations settled by then: ${settled} of 3`);
  }
}

if (isMain(import.meta)) await main();
