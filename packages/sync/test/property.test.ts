// Property tests: random interleavings of acquire / abort / release / addPermits / select branches on
// a semaphore never lose or duplicate a permit, and grants follow FIFO order.
import { selectTry, selectWait } from '@async/core/protocol';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { type Permit, Semaphore } from '../src/index';

type Op =
  | { kind: 'acquire'; n: number; abortable: boolean }
  | { kind: 'abort'; pick: number }
  | { kind: 'release'; pick: number }
  | { kind: 'forget'; pick: number }
  | { kind: 'add'; n: number }
  | { kind: 'select'; n: number }
  | { kind: 'unselect'; pick: number }
  | { kind: 'try'; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('acquire' as const),
    n: fc.integer({ min: 0, max: 4 }),
    abortable: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('forget' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('select' as const), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('unselect' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('try' as const), n: fc.integer({ min: 1, max: 3 }) }),
);

interface Pending {
  id: number;
  n: number;
  controller: AbortController | undefined;
  state: 'waiting' | 'granted' | 'aborted';
  permit?: Permit;
}

test('permits are never lost or duplicated, and grants are FIFO', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 4 }),
      fc.array(op, { maxLength: 60 }),
      async (initial, ops) => {
        const sem = new Semaphore(initial);
        let total = initial; // permits the semaphore owns: free + held + assigned to waiters
        const held: Permit[] = [];
        const waiting: Pending[] = [];
        const grants: number[] = [];
        const selects: { n: number; unregister: () => void; taken: Permit | undefined }[] = [];
        let nextId = 0;
        const shared = [new AbortController()];

        const flush = async () => {
          for (let i = 0; i < 4; i++) await Promise.resolve();
        };
        const heldCount = () =>
          held.reduce((s, p) => s + p.permits, 0) + selects.reduce((s, x) => s + (x.taken?.permits ?? 0), 0);

        for (const o of ops) {
          switch (o.kind) {
            case 'acquire': {
              const p: Pending = {
                id: nextId++,
                n: o.n,
                // One signal shared by every abortable waiter: one abort rejects several at once.
                controller: o.abortable ? shared[0] : undefined,
                state: 'waiting',
              };
              waiting.push(p);
              sem.acquire(o.n, { signal: p.controller?.signal }).then(
                (permit) => {
                  p.state = 'granted';
                  p.permit = permit;
                  held.push(permit);
                  if (p.n > 0) grants.push(p.id); // acquire(0) takes nothing and never waits
                },
                () => {
                  p.state = 'aborted';
                },
              );
              break;
            }
            case 'abort': {
              const k = 0;
              shared[k]!.abort();
              shared[k] = new AbortController();
              break;
            }
            case 'release':
            case 'forget': {
              const live = held.filter((p) => !p.released);
              const p = live[o.pick % Math.max(1, live.length)];
              if (p !== undefined) {
                if (o.kind === 'forget') total -= p.permits;
                if (o.kind === 'forget') p.forget();
                else p.release();
              }
              break;
            }
            case 'add':
              sem.addPermits(o.n);
              total += o.n;
              break;
            case 'try': {
              const p = sem.tryAcquire(o.n);
              if (p !== undefined) held.push(p);
              break;
            }
            case 'select': {
              const branch = sem.acquiring(o.n);
              const entry = { n: o.n, unregister: () => {}, taken: undefined as Permit | undefined };
              const now = branch[selectTry]();
              if (now !== undefined) entry.taken = now.value;
              else
                entry.unregister = branch[selectWait](() => {
                  entry.taken = branch[selectTry]()?.value;
                });
              selects.push(entry);
              break;
            }
            case 'unselect': {
              const entry = selects[o.pick % Math.max(1, selects.length)];
              if (entry !== undefined) {
                entry.unregister();
                if (entry.taken !== undefined) entry.taken.release();
                selects.splice(selects.indexOf(entry), 1);
              }
              break;
            }
          }
          await flush();
          // Conservation: free + held (incl. granted-but-not-yet-observed) + assigned-to-waiters = total.
          // Waiters hold partial permits invisibly; so check the bound, then the exact sum once drained.
          expect(sem.available + heldCount()).toBeLessThanOrEqual(total);
          if (waiting.every((p) => p.state !== 'waiting') && selects.every((s) => s.taken !== undefined)) {
            expect(sem.available + heldCount()).toBe(total);
          }
        }

        // Drain: abort every waiter and unregister every select branch; all permits must come back.
        for (const p of waiting) p.controller?.abort();
        for (const s of selects) {
          s.unregister();
          s.taken?.release();
        }
        await flush();
        const unabortable = waiting.filter((p) => p.state === 'waiting');
        // Unabortable waiters may still wait for permits that were never added: add enough, then drain.
        const need = unabortable.reduce((s, p) => s + p.n, 0);
        sem.addPermits(need);
        total += need;
        await flush();
        expect(waiting.every((p) => p.state !== 'waiting')).toBe(true);
        for (const p of held) p.release();
        expect(sem.available).toBe(total);

        // FIFO: among callers granted permits, the order of grants is the order of calls.
        expect(grants).toEqual([...grants].sort((a, b) => a - b));
      },
    ),
    { numRuns: 300 },
  );
});
