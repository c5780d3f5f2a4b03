// Property test: random interleavings of lock / abortable lock / abort / release / tryLock / select
// branches on a Mutex: never two holders, nobody left waiting while the lock is free, FIFO grants.
import { selectTry, selectWait } from '@async/core/protocol';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Mutex, type MutexGuard } from '../src/index';

type Op =
  | { kind: 'lock'; abortable: boolean }
  | { kind: 'abort' }
  | { kind: 'release'; pick: number }
  | { kind: 'try' }
  | { kind: 'select'; takeWhenWoken: boolean }
  | { kind: 'unselect'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('lock' as const), abortable: fc.boolean() }),
  fc.record({ kind: fc.constant('abort' as const) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('try' as const) }),
  fc.record({ kind: fc.constant('select' as const), takeWhenWoken: fc.boolean() }),
  fc.record({ kind: fc.constant('unselect' as const), pick: fc.nat() }),
);

interface Caller {
  id: number;
  state: 'waiting' | 'granted' | 'aborted';
  /** Waits on the shared signal. */
  abortable: boolean;
}

test('one holder at a time, nobody waits while the lock is free, grants are FIFO', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 80 }), async (ops) => {
      const m = new Mutex(0);
      const guards: MutexGuard<number>[] = [];
      const callers: Caller[] = [];
      const selects: { caller: Caller; unregister: () => void }[] = [];
      const grants: number[] = [];
      let nextId = 0;
      // One signal shared by every abortable caller: one abort ends several waits at once. Its first
      // listener releases the held guard, so the lock is handed on while the abort is being told to
      // the waiters: one of them must not get it.
      const sharedSignal = () => {
        const c = new AbortController();
        c.signal.addEventListener('abort', () => guards.find((g) => !g.released)?.release());
        return c;
      };
      let shared = sharedSignal();

      const flush = async () => {
        for (let i = 0; i < 4; i++) await Promise.resolve();
      };
      const granted = (caller: Caller, guard: MutexGuard<number>) => {
        caller.state = 'granted';
        guards.push(guard);
        grants.push(caller.id);
      };

      for (const o of ops) {
        switch (o.kind) {
          case 'lock': {
            const caller: Caller = { id: nextId++, state: 'waiting', abortable: o.abortable };
            callers.push(caller);
            m.lock({ signal: o.abortable ? shared.signal : undefined }).then(
              (guard) => granted(caller, guard),
              () => {
                caller.state = 'aborted';
              },
            );
            break;
          }
          case 'abort': {
            const told = callers.filter((c) => c.abortable && c.state === 'waiting');
            shared.abort(new Error('gave up'));
            shared = sharedSignal();
            await flush();
            // Everyone waiting on the signal gave up, even the one the lock was being handed to.
            expect(told.map((c) => c.state)).toEqual(told.map(() => 'aborted'));
            break;
          }
          case 'release': {
            const live = guards.filter((g) => !g.released);
            live[o.pick % Math.max(1, live.length)]?.release();
            break;
          }
          case 'try': {
            const guard = m.tryLock();
            if (guard !== undefined) guards.push(guard);
            break;
          }
          case 'select': {
            const caller: Caller = { id: nextId++, state: 'waiting', abortable: false };
            const branch = m.locking();
            const now = branch[selectTry]();
            if (now !== undefined) granted(caller, now.value);
            else {
              const entry = { caller, unregister: () => {} };
              entry.unregister = branch[selectWait](() => {
                // Woken: select takes this branch, or another one won and this one is given up.
                if (o.takeWhenWoken) {
                  const taken = branch[selectTry]();
                  if (taken !== undefined) granted(caller, taken.value);
                } else caller.state = 'aborted';
                entry.unregister();
              });
              selects.push(entry);
            }
            break;
          }
          case 'unselect': {
            const live = selects.filter((s) => s.caller.state === 'waiting');
            const entry = live[o.pick % Math.max(1, live.length)];
            if (entry !== undefined) {
              entry.unregister();
              entry.caller.state = 'aborted';
            }
            break;
          }
        }
        await flush();
        const holders = guards.filter((g) => !g.released).length;
        expect(holders).toBeLessThanOrEqual(1);
        const waiting = [...callers, ...selects.map((s) => s.caller)].filter((c) => c.state === 'waiting');
        if (holders === 0) {
          expect(waiting).toEqual([]);
          expect(m.locked).toBe(false);
        } else expect(m.locked).toBe(true);
      }

      // Drain: abort every wait and give up every branch, release what is held; the lock ends free.
      shared.abort(new Error('done'));
      for (const s of selects) s.unregister();
      for (;;) {
        await flush();
        const live = guards.filter((g) => !g.released);
        if (live.length === 0) break;
        for (const g of live) g.release();
      }
      expect(callers.every((c) => c.state !== 'waiting')).toBe(true);
      expect(m.locked).toBe(false);
      expect(m.tryLock()).toBeDefined();
      // FIFO: whoever waited was served in the order of their calls.
      expect(grants).toEqual([...grants].sort((a, b) => a - b));
    }),
    { numRuns: 400 },
  );
});
