import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BatchSemaphore, PermitWaiter } from '../src/batch-semaphore';

/** A waiter that records what happened to it, and optionally runs `onGrant` when granted. */
class Probe extends PermitWaiter<number> {
  state: 'new' | 'granted' | 'closed' | 'aborted' = 'new';
  constructor(
    readonly id = 0,
    readonly onGrant?: (w: Probe) => void,
  ) {
    super();
  }
  granted(): void {
    this.state = 'granted';
    this.onGrant?.(this);
  }
  closed(): void {
    this.state = 'closed';
  }
  override onAbort(reason: unknown): void {
    this.state = 'aborted';
    super.onAbort(reason);
  }
}

/** A probe whose promise nobody awaits: rejections are expected and handled. */
function probe(id = 0, onGrant?: (w: Probe) => void): Probe {
  const w = new Probe(id, onGrant);
  w.promise().catch(() => {});
  return w;
}

describe('BatchSemaphore', () => {
  test('grants at once when the permits are free, and takes them', () => {
    const sem = new BatchSemaphore(3);
    const w = probe();
    sem.acquire(w, 2);
    expect(w.state).toBe('granted');
    expect(sem.available).toBe(1);
    expect(sem.waiting).toBe(0);
  });

  test('a waiter at the head blocks later, smaller requests (FIFO)', () => {
    const sem = new BatchSemaphore(1);
    const big = probe(1);
    const small = probe(2);
    sem.acquire(big, 3);
    sem.acquire(small, 1);
    expect(big.state).toBe('new');
    expect(big.assigned).toBe(1); // took what was free
    expect(sem.available).toBe(0);
    expect(sem.tryAcquire(1)).toBe(false);
    sem.release(1);
    expect(small.state).toBe('new'); // the permit went to the head
    expect(big.assigned).toBe(2);
    sem.release(2);
    expect(big.state).toBe('granted');
    expect(small.state).toBe('granted');
    expect(sem.available).toBe(0);
  });

  test('a leaving waiter gives its partial permits to the next waiters', () => {
    const sem = new BatchSemaphore(2);
    const big = probe(1);
    const a = probe(2);
    const b = probe(3);
    sem.acquire(big, 5);
    sem.acquire(a, 1);
    sem.acquire(b, 2);
    expect(big.assigned).toBe(2);
    expect(sem.leave(big)).toBe(true);
    expect(sem.leave(big)).toBe(false);
    expect(a.state).toBe('granted');
    expect(b.state).toBe('new');
    expect(b.assigned).toBe(1);
    expect(sem.available).toBe(0);
  });

  test('an abort rejects with the reason, and the assigned permits go on', async () => {
    const sem = new BatchSemaphore(1);
    const controller = new AbortController();
    const big = new Probe(1);
    const promise = big.promise();
    sem.acquire(big, 2, controller.signal);
    const next = probe(2);
    sem.acquire(next, 1);
    controller.abort(new Error('stop'));
    await expect(promise).rejects.toThrow('stop');
    expect(big.state).toBe('aborted');
    expect(next.state).toBe('granted');
    expect(sem.waiting).toBe(0);
  });

  test('an already aborted signal aborts at once, without queueing', async () => {
    const sem = new BatchSemaphore(0);
    const w = new Probe();
    const promise = w.promise();
    sem.acquire(w, 1, AbortSignal.abort(new Error('early')));
    await expect(promise).rejects.toThrow('early');
    expect(sem.waiting).toBe(0);
  });

  test('permits given back by one aborted waiter never complete another one aborted by the same signal', () => {
    // issue 12 §2: a reserveMany(2) and a send(1) on one signal; the reserve's partial permits must not
    // complete the send while the abort is being delivered.
    const sem = new BatchSemaphore(1);
    const controller = new AbortController();
    const reserve = probe(1);
    const send = probe(2);
    sem.acquire(reserve, 2, controller.signal);
    sem.acquire(send, 1, controller.signal);
    const later = probe(3);
    sem.acquire(later, 1);
    controller.abort();
    expect(reserve.state).toBe('aborted');
    expect(send.state).toBe('aborted');
    expect(later.state).toBe('granted');
    expect(sem.available).toBe(0);
  });

  test('a release while a shared signal aborts passes the aborting waiters by', () => {
    const sem = new BatchSemaphore(0);
    const controller = new AbortController();
    const first = probe(1);
    const second = probe(2);
    sem.acquire(first, 1, controller.signal);
    sem.acquire(second, 1, controller.signal);
    // The first waiter's abort releases a permit (as a guard released in its handler would).
    const onAbort = first.onAbort.bind(first);
    first.onAbort = (reason) => {
      onAbort(reason);
      sem.release(1);
    };
    controller.abort();
    expect(second.state).toBe('aborted');
    expect(sem.available).toBe(1);
  });

  test('close closes every waiter, returns their permits, and refuses new ones', () => {
    const sem = new BatchSemaphore(1);
    const a = probe(1);
    const b = probe(2);
    sem.acquire(a, 2);
    sem.acquire(b, 1);
    sem.close();
    sem.close();
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
    expect(sem.isClosed).toBe(true);
    expect(sem.available).toBe(1);
    expect(sem.tryAcquire(1)).toBe(false);
    const c = probe(3);
    sem.acquire(c, 1);
    expect(c.state).toBe('closed');
    sem.release(2); // permits held before the close can still come back
    expect(sem.available).toBe(3);
  });

  test('a closed() hook that throws despite its contract: close still closes every waiter, then rethrows', () => {
    class ThrowingProbe extends Probe {
      constructor(
        id: number,
        readonly error: Error,
      ) {
        super(id);
        this.promise().catch(() => {});
      }
      override closed(): void {
        super.closed();
        throw this.error;
      }
    }
    const first = new Error('first');
    const sem = new BatchSemaphore(0);
    const a = new ThrowingProbe(1, first);
    const b = probe(2);
    const c = new ThrowingProbe(3, new Error('second'));
    const d = probe(4);
    sem.acquire(a, 2);
    sem.acquire(b, 1);
    sem.acquire(c, 1);
    sem.acquire(d, 1);
    sem.release(1); // assigned to `a`, which still waits for one more
    expect(() => sem.close()).toThrow(first); // the first error, once everyone was told
    expect([a.state, b.state, c.state, d.state]).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(sem.waiting).toBe(0);
    expect(sem.available).toBe(1); // `a`'s assigned permit came back
    expect(() => sem.close()).not.toThrow();
  });

  test('forget removes free permits only', () => {
    const sem = new BatchSemaphore(3);
    expect(sem.tryAcquire(1)).toBe(true);
    expect(sem.forget(5)).toBe(2);
    expect(sem.available).toBe(0);
  });

  test('hand-off is iterative: 100,000 waiters that release at once when granted', () => {
    const sem = new BatchSemaphore(0);
    const n = 100_000;
    let granted = 0;
    const waiters: Probe[] = [];
    for (let i = 0; i < n; i++) {
      const w = new Probe(i, () => {
        granted++;
        sem.release(1); // a withPermit whose function throws at once
      });
      waiters.push(w);
      sem.acquire(w, 1);
    }
    sem.release(1);
    expect(granted).toBe(n);
    expect(sem.available).toBe(1);
    expect(sem.waiting).toBe(0);
    expect(waiters.every((w) => w.state === 'granted')).toBe(true);
  });

  test('a waiter granted may make others leave, or close the semaphore, during the hand-off', () => {
    const sem = new BatchSemaphore(0);
    const c = probe(3);
    const d = probe(4);
    const a = probe(1, () => sem.leave(c));
    const b = probe(2, () => sem.close());
    for (const w of [a, b, c, d]) sem.acquire(w, 1);
    sem.release(4);
    expect([a.state, b.state, c.state, d.state]).toEqual(['granted', 'granted', 'new', 'closed']);
    expect(sem.available).toBe(2); // the two permits nobody took
  });

  test('a waiter that leaves and queues again during a hand-off goes to the back of the line', () => {
    const sem = new BatchSemaphore(0);
    const order: number[] = [];
    const record = (w: Probe) => order.push(w.id);
    const b = probe(2, record);
    const a = probe(1, () => {
      record(a);
      // As a pooled waiter does: it leaves, then serves a new wait.
      sem.leave(b);
      sem.acquire(b, 1);
    });
    const c = probe(3, record);
    for (const w of [a, b, c]) sem.acquire(w, 1);
    sem.release(2);
    expect(order).toEqual([1, 3]);
    expect(sem.waiting).toBe(1);
  });

  test('a hook that throws despite its contract loses no permit: the rest go on, later releases too', () => {
    const sem = new BatchSemaphore(0);
    const boom = new Error('boom');
    const first = probe(1, () => {
      throw boom;
    });
    const second = probe(2);
    const third = probe(3);
    sem.acquire(first, 1);
    sem.acquire(second, 1);
    sem.acquire(third, 2);
    // 3 permits: 1 to the throwing waiter (its owner's now), 1 to the next, 1 assigned to the third.
    expect(() => sem.release(3)).toThrow(boom);
    expect(first.state).toBe('granted');
    expect(second.state).toBe('granted');
    expect(third.assigned).toBe(1);
    sem.release(1); // not held back as "owed" to a hand-off that no longer runs
    expect(third.state).toBe('granted');
    sem.release(2);
    expect(sem.available).toBe(2);
  });

  test('conserves permits and serves in order under random acquires, releases and leaves (property)', () => {
    type Op =
      | { kind: 'acquire'; n: number }
      | { kind: 'release'; pick: number }
      | { kind: 'leave'; pick: number }
      | { kind: 'try'; n: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('acquire' as const), n: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('leave' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('try' as const), n: fc.integer({ min: 0, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(op, { maxLength: 60 }), (total, ops) => {
        const sem = new BatchSemaphore(total);
        const held: number[] = [];
        let queued: Probe[] = [];
        const grantOrder: number[] = [];
        let nextId = 0;
        for (const o of ops) {
          if (o.kind === 'acquire') {
            const w = probe(nextId++, (g) => {
              // A request for 0 permits needs nothing and passes the queue; the others keep their order.
              if (g.needed > 0) grantOrder.push(g.id);
              held.push(g.needed);
            });
            sem.acquire(w, o.n);
            if (w.state === 'new') queued.push(w);
          } else if (o.kind === 'try') {
            if (sem.tryAcquire(o.n)) held.push(o.n);
          } else if (o.kind === 'release' && held.length > 0) {
            sem.release(held.splice(o.pick % held.length, 1)[0]!);
          } else if (o.kind === 'leave' && queued.length > 0) {
            const [w] = queued.splice(o.pick % queued.length, 1);
            expect(sem.leave(w!)).toBe(true);
          }
          queued = queued.filter((w) => w.state === 'new');
          expect(sem.waiting).toBe(queued.length);
          const assigned = queued.reduce((sum, w) => sum + w.assigned, 0);
          const heldSum = held.reduce((sum, n) => sum + n, 0);
          // Every permit is free, held, or assigned to a waiter.
          expect(sem.available + heldSum + assigned).toBe(total);
          // While anyone waits, no permit is free.
          if (queued.length > 0) expect(sem.available).toBe(0);
          // Only the head holds assigned permits.
          for (const w of queued.slice(1)) expect(w.assigned).toBe(0);
        }
        expect(grantOrder).toEqual([...grantOrder].sort((x, y) => x - y));
      }),
    );
  });
});
