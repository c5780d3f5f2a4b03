import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { abortPending, unwatchAbort, watchAbort } from '../src/abort-watch';
import { Waiter } from '../src/wait-queue';

class Probe extends Waiter {
  reasons: unknown[] = [];
  onAbort(reason: unknown): void {
    this.reasons.push(reason);
  }
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('watchAbort', () => {
  test('attaches one listener per signal however many waiters watch it', () => {
    const controller = new AbortController();
    const probes = Array.from({ length: 50 }, () => new Probe());
    for (const p of probes) watchAbort(p, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const p of probes) unwatchAbort(p);
  });

  test('calls onAbort of every waiter still watching, with the reason, exactly once', () => {
    const controller = new AbortController();
    const [a, b, c] = [new Probe(), new Probe(), new Probe()];
    watchAbort(a, controller.signal);
    watchAbort(b, controller.signal);
    watchAbort(c, controller.signal);
    unwatchAbort(b);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(a.reasons).toEqual([reason]);
    expect(b.reasons).toEqual([]);
    expect(c.reasons).toEqual([reason]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('tells waiters of the abort in the order they started watching, as plain listeners are', () => {
    const controller = new AbortController();
    const order: number[] = [];
    class Numbered extends Waiter {
      constructor(readonly n: number) {
        super();
      }
      onAbort(): void {
        order.push(this.n);
      }
    }
    const waiters = [0, 1, 2, 3, 4].map((n) => new Numbered(n));
    for (const w of waiters) watchAbort(w, controller.signal);
    unwatchAbort(waiters[4]!);
    unwatchAbort(waiters[0]!);
    watchAbort(waiters[0]!, controller.signal);
    controller.abort();
    expect(order).toEqual([1, 2, 3, 0]);
  });

  test('a waiter told of the abort may unwatch a later one, which is then not told', () => {
    const controller = new AbortController();
    const told: string[] = [];
    class Handing extends Waiter {
      constructor(
        readonly name: string,
        readonly handTo?: Waiter,
      ) {
        super();
      }
      onAbort(): void {
        told.push(this.name);
        if (this.handTo !== undefined) unwatchAbort(this.handTo);
      }
    }
    const second = new Handing('second');
    const first = new Handing('first', second);
    const third = new Handing('third');
    watchAbort(first, controller.signal);
    watchAbort(second, controller.signal);
    watchAbort(third, controller.signal);
    expect(() => controller.abort()).not.toThrow();
    expect(told).toEqual(['first', 'third']);
  });

  test('removes the listener once the last waiter leaves and the microtask checkpoint passes', async () => {
    const controller = new AbortController();
    const p = new Probe();
    watchAbort(p, controller.signal);
    unwatchAbort(p);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await microtask();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('keeps the listener when a waiter comes back before the deferred removal', async () => {
    const controller = new AbortController();
    const p = new Probe();
    watchAbort(p, controller.signal);
    unwatchAbort(p);
    watchAbort(p, controller.signal);
    await microtask();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort('why');
    expect(p.reasons).toEqual(['why']);
  });

  test('abortPending is true exactly for the waiters whose abort is still to be told', () => {
    const controller = new AbortController();
    const seen: boolean[][] = [];
    const probes: Waiter[] = [];
    class Recorder extends Waiter {
      onAbort(): void {
        seen.push(probes.map(abortPending));
      }
    }
    for (let i = 0; i < 3; i++) probes.push(new Recorder());
    for (const p of probes) watchAbort(p, controller.signal);
    expect(probes.map(abortPending)).toEqual([false, false, false]);
    controller.abort();
    // Each is told in turn; while one is told, the later ones are still pending, the told ones not.
    expect(seen).toEqual([
      [false, true, true],
      [false, false, true],
      [false, false, false],
    ]);
    expect(abortPending(new Probe())).toBe(false);
  });

  test('unwatching a waiter that watches nothing is harmless', () => {
    expect(() => unwatchAbort(new Probe())).not.toThrow();
  });

  test('exactly the waiters still watching are told of the abort (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), async (keep) => {
        const controller = new AbortController();
        const probes = keep.map(() => new Probe());
        for (const p of probes) watchAbort(p, controller.signal);
        probes.forEach((p, i) => {
          if (!keep[i]) unwatchAbort(p);
        });
        controller.abort('r');
        probes.forEach((p, i) => {
          expect(p.reasons).toEqual(keep[i] ? ['r'] : []);
        });
        await microtask();
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      }),
    );
  });
});
