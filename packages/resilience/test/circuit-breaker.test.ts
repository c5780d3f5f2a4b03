import { TestClock } from '@async/time';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BrokenCircuitError, type CircuitState, circuitBreaker, consecutive, sampling } from '../src/index';
import { settle, track } from './helpers';

let clock: TestClock;
beforeEach(() => {
  clock = TestClock.install();
});
afterEach(() => clock.uninstall());

const down = () => Promise.reject(new Error('down'));
const up = () => 'up';

/** Records every state change of a breaker. */
function states(breaker: ReturnType<typeof circuitBreaker>): CircuitState[] {
  const seen: CircuitState[] = [];
  breaker.onStateChange((s) => seen.push(s));
  return seen;
}

describe('circuitBreaker', () => {
  test('closed → open after consecutive failures → half-open after the cooldown → closed on a probe success', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(3), halfOpenAfter: 1000 });
    const seen = states(breaker);
    await expect(breaker.execute(down)).rejects.toThrow('down');
    await expect(breaker.execute(down)).rejects.toThrow('down');
    await breaker.execute(up); // a success resets the count
    for (let i = 0; i < 3; i++) await expect(breaker.execute(down)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(breaker.execute(() => (called = true))).rejects.toSatisfy(BrokenCircuitError.is);
    expect(called).toBe(false);
    await clock.advance(999);
    expect(breaker.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(await breaker.execute(up)).toBe('up');
    expect(breaker.state).toBe('closed');
    expect(seen).toEqual(['open', 'half-open', 'closed']);
    expect(clock.pending).toBe(0); // no timer at any point
  });

  test('a failed probe reopens the circuit with the next, longer cooldown; closing resets the sequence', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(1), halfOpenAfter: [1000, 2000, 4000] });
    await expect(breaker.execute(down)).rejects.toThrow();
    const openedAt: number[] = [];
    for (let round = 0; round < 3; round++) {
      openedAt.push(clock.now());
      // poll once a millisecond until half-open, then fail the probe
      for (let i = 0; i < 10_000 && breaker.state === 'open'; i++) await clock.advance(1);
      openedAt.push(clock.now());
      await expect(breaker.execute(down)).rejects.toThrow('down');
    }
    expect([openedAt[1]! - openedAt[0]!, openedAt[3]! - openedAt[2]!, openedAt[5]! - openedAt[4]!]).toEqual([
      1000, 2000, 4000,
    ]);
    await clock.advance(4000);
    await breaker.execute(up);
    await expect(breaker.execute(down)).rejects.toThrow();
    await clock.advance(1000); // back to the first cooldown
    expect(breaker.state).toBe('half-open');
  });

  test('1,000 concurrent callers through a half-open circuit admit exactly halfOpenProbes', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      halfOpenAfter: 100,
      halfOpenProbes: 3,
      successThreshold: 3,
    });
    await expect(breaker.execute(down)).rejects.toThrow();
    await clock.advance(100);
    let ran = 0;
    const gates: (() => void)[] = [];
    const calls = Array.from({ length: 1000 }, () =>
      track(
        breaker.execute(
          () =>
            new Promise<void>((resolve) => {
              ran++;
              gates.push(resolve);
            }),
        ),
      ),
    );
    await settle();
    expect(ran).toBe(3);
    expect(calls.filter((c) => c.done && BrokenCircuitError.is(c.error))).toHaveLength(997);
    for (const open of gates) open();
    await settle();
    expect(breaker.state).toBe('closed');
  });

  test('simultaneous failures open the circuit once, and it recovers (opossum #385)', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(3), halfOpenAfter: 500 });
    const seen = states(breaker);
    const rejects: ((e: Error) => void)[] = [];
    const calls = Array.from({ length: 20 }, () =>
      track(breaker.execute(() => new Promise((_, reject) => rejects.push(reject)))),
    );
    await settle();
    for (const r of rejects) r(new Error('all at once'));
    await settle();
    expect(calls.every((c) => c.done)).toBe(true);
    expect(seen).toEqual(['open']);
    await clock.advance(500);
    expect(await breaker.execute(up)).toBe('up');
    expect(seen).toEqual(['open', 'half-open', 'closed']);
  });

  test('a call from before the circuit opened cannot close it while half-open', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(1), halfOpenAfter: 100 });
    let finishOld!: (v: string) => void;
    const old = breaker.execute(() => new Promise<string>((r) => (finishOld = r)));
    await expect(breaker.execute(down)).rejects.toThrow();
    await clock.advance(100);
    expect(breaker.state).toBe('half-open');
    finishOld('late');
    expect(await old).toBe('late');
    expect(breaker.state).toBe('half-open');
  });

  test('sampling opens on the failure rate over the rolling window, given the minimum throughput', async () => {
    const breaker = circuitBreaker({
      breaker: sampling({ threshold: 0.5, duration: 10_000, minimumThroughput: 6 }),
      halfOpenAfter: 1000,
    });
    for (let i = 0; i < 4; i++) await breaker.execute(up);
    await expect(breaker.execute(down)).rejects.toThrow();
    await expect(breaker.execute(down)).rejects.toThrow();
    expect(breaker.state).toBe('closed'); // 2 of 6: 33 %
    await clock.advance(11_000); // the window forgets all of it
    await expect(breaker.execute(down)).rejects.toThrow();
    expect(breaker.state).toBe('closed'); // 1 call: below the minimum throughput
    for (let i = 0; i < 2; i++) await breaker.execute(up);
    for (let i = 0; i < 2; i++) await expect(breaker.execute(down)).rejects.toThrow();
    expect(breaker.state).toBe('closed'); // 3 of 5
    await expect(breaker.execute(down)).rejects.toThrow();
    expect(breaker.state).toBe('open'); // 4 of 6
  });

  test('slow calls count as failures, and still return their value', async () => {
    const breaker = circuitBreaker({ breaker: consecutive(2), slowCallDuration: 100, halfOpenAfter: 1000 });
    const slow = () => new Promise<string>((r) => clock.schedule(clock.now() + 150, () => r('slow')));
    for (let i = 0; i < 2; i++) {
      const p = breaker.execute(slow);
      await clock.advance(150);
      expect(await p).toBe('slow');
    }
    expect(breaker.state).toBe('open');
  });

  test('isFailure decides what counts; an AbortError never counts by default', async () => {
    const breaker = circuitBreaker({
      breaker: consecutive(1),
      isFailure: (e) => (e as Error).message !== 'ignored',
    });
    await expect(breaker.execute(() => Promise.reject(new Error('ignored')))).rejects.toThrow();
    expect(breaker.state).toBe('closed');
    const plain = circuitBreaker({ breaker: consecutive(1) });
    await expect(
      plain.execute(() => Promise.reject(new DOMException('stop', 'AbortError'))),
    ).rejects.toThrow();
    expect(plain.state).toBe('closed');
  });

  test('isolate refuses calls until disposed; reset closes; changed() wakes on each change', async () => {
    const breaker = circuitBreaker();
    const changed = track(breaker.changed());
    const handle = breaker.isolate();
    await settle();
    expect(changed.done).toBe(true);
    expect(breaker.state).toBe('isolated');
    await expect(breaker.execute(up)).rejects.toSatisfy((e) => BrokenCircuitError.is(e) && e.isolated);
    handle[Symbol.dispose]();
    expect(breaker.state).toBe('closed');
    const ac = new AbortController();
    const aborted = track(breaker.changed({ signal: ac.signal }));
    ac.abort('no longer interested');
    await settle();
    expect(aborted).toEqual({ done: true, error: 'no longer interested' });
  });

  test('bad options throw at construction, naming the option', () => {
    expect(() => consecutive(0)).toThrow(/threshold must be a positive integer, got 0 \(number\)/);
    expect(() => sampling({ threshold: 1.5, duration: 1000 })).toThrow(
      /threshold must be a number in \(0, 1\], got 1.5/,
    );
    expect(() => sampling({ threshold: 0, duration: 1000 })).toThrow(
      /threshold must be a number in \(0, 1\]/,
    );
    expect(() => sampling({ threshold: 0.5, duration: 0 })).toThrow(
      /duration must be a positive, finite number of milliseconds, got 0/,
    );
    expect(() => circuitBreaker({ halfOpenAfter: -1 })).toThrow(/halfOpenAfter must be/);
    expect(() => circuitBreaker({ successThreshold: 0 })).toThrow(
      /successThreshold must be a positive integer/,
    );
    expect(() => circuitBreaker({ breaker: {} as never })).toThrow(/breaker must be a Breaker/);
    expect(() => circuitBreaker({ threshold: 3 } as never)).toThrow(
      /unknown option "threshold" of circuitBreaker/,
    );
  });
});
