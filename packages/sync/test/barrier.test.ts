import { describe, expect, test } from 'vitest';
import { Barrier } from '../src/index';
import { settle, track } from './helpers';

describe('Barrier', () => {
  test('Barrier(0) and bad sizes are refused (tokio treats 0 as 1)', () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(-1)).toThrow(RangeError);
    expect(() => new Barrier(1.5)).toThrow(RangeError);
  });

  test('waits for n callers, exactly one leader per generation, reusable', async () => {
    const barrier = new Barrier(3);
    for (let generation = 0; generation < 4; generation++) {
      const a = track(barrier.wait());
      const b = track(barrier.wait());
      await settle();
      expect(a.done || b.done).toBe(false);
      expect(barrier.waiting).toBe(2);
      const c = await barrier.wait();
      await settle();
      const leaders = [a.value!, b.value!, c].filter((r) => r.isLeader);
      expect(leaders).toHaveLength(1);
      expect(c.isLeader).toBe(true); // the arrival that completes the generation leads
      expect(barrier.waiting).toBe(0);
    }
  });

  test('Barrier(1) never blocks and every caller leads', async () => {
    const barrier = new Barrier(1);
    expect((await barrier.wait()).isLeader).toBe(true);
    expect((await barrier.wait()).isLeader).toBe(true);
  });

  test('an aborted wait withdraws its arrival', async () => {
    const barrier = new Barrier(2);
    const c = new AbortController();
    const gone = barrier.wait({ signal: c.signal });
    c.abort(new Error('left'));
    await expect(gone).rejects.toThrow('left');
    expect(barrier.waiting).toBe(0);
    const first = track(barrier.wait());
    await settle();
    expect(first.done).toBe(false); // still waiting for a second live caller
    await barrier.wait();
    await settle();
    expect(first.done).toBe(true);
  });
});

test('Barrier: a generation completed from inside an abort dispatch rejects the aborting waiters', async () => {
  const { Semaphore } = await import('../src/index');
  const barrier = new Barrier(3);
  const sem = new Semaphore(1);
  const c = new AbortController();
  // Told first of the abort: `x` gives its partial permit to the queued withPermit, whose function
  // then runs at once, inside the abort dispatch, while `a` and `b` (same signal) are not yet told.
  const x = sem.acquire(2, { signal: c.signal }).catch(() => 'aborted');
  const a = barrier.wait({ signal: c.signal }).then(
    () => 'released',
    () => 'aborted',
  );
  const b = barrier.wait({ signal: c.signal }).then(
    () => 'released',
    () => 'aborted',
  );
  let third: Promise<{ isLeader: boolean }> | undefined;
  const run = sem.withPermit(() => {
    third = barrier.wait();
  });
  c.abort();
  expect(await x).toBe('aborted');
  await run;
  expect(await a).toBe('aborted');
  expect(await b).toBe('aborted');
  expect((await third!).isLeader).toBe(true);
  expect(barrier.waiting).toBe(0);
});
