import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dequeue, Waiter, WaitQueue } from '../src/wait-queue';

class Item extends Waiter {
  constructor(readonly id: number) {
    super();
  }
  onAbort(): void {}
}

const ids = (q: WaitQueue<Item>) => [...q].map((w) => w.id);

describe('WaitQueue', () => {
  test('serves waiters in arrival order', () => {
    const q = new WaitQueue<Item>();
    for (let i = 0; i < 5; i++) q.push(new Item(i));
    expect(q.peek()?.id).toBe(0);
    expect([q.shift()?.id, q.shift()?.id]).toEqual([0, 1]);
    expect(ids(q)).toEqual([2, 3, 4]);
    expect(q.size).toBe(3);
  });

  test('after and has walk and test membership without internals, also while removing', () => {
    const q = new WaitQueue<Item>();
    const other = new WaitQueue<Item>();
    const items = [0, 1, 2].map((i) => new Item(i));
    for (const it of items) q.push(it);
    expect(q.after(items[0]!)?.id).toBe(1);
    expect(q.after(items[2]!)).toBeUndefined();
    expect(q.has(items[1]!)).toBe(true);
    expect(other.has(items[1]!)).toBe(false);
    // Remove every even id while walking, as a primitive handing out permits does.
    const seen: number[] = [];
    for (let w = q.peek(); w !== undefined; ) {
      const next = q.after(w);
      seen.push(w.id);
      if (w.id % 2 === 0) q.remove(w);
      w = next;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(ids(q)).toEqual([1]);
    expect(q.has(items[0]!)).toBe(false);
  });

  test('dequeue takes a waiter out of whichever queue holds it, once', () => {
    const q = new WaitQueue<Item>();
    const a = new Item(0);
    const b = new Item(1);
    q.push(a);
    q.push(b);
    expect(dequeue(a)).toBe(true);
    expect(dequeue(a)).toBe(false);
    expect(dequeue(new Item(9))).toBe(false);
    expect(ids(q)).toEqual([1]);
    expect(q.size).toBe(1);
  });

  test('removes a waiter from the middle, head or tail, and a second removal is a no-op', () => {
    const q = new WaitQueue<Item>();
    const items = [0, 1, 2, 3].map((i) => new Item(i));
    for (const it of items) q.push(it);
    expect(q.remove(items[2]!)).toBe(true);
    expect(q.remove(items[2]!)).toBe(false);
    expect(q.remove(items[0]!)).toBe(true);
    expect(q.remove(items[3]!)).toBe(true);
    expect(ids(q)).toEqual([1]);
    expect(q.shift()?.id).toBe(1);
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  test('does not remove a waiter that belongs to another queue', () => {
    const a = new WaitQueue<Item>();
    const b = new WaitQueue<Item>();
    const item = new Item(1);
    a.push(item);
    expect(b.remove(item)).toBe(false);
    expect(a.size).toBe(1);
  });

  test('iteration survives removal of the current waiter', () => {
    const q = new WaitQueue<Item>();
    for (let i = 0; i < 4; i++) q.push(new Item(i));
    const seen: number[] = [];
    for (const w of q) {
      seen.push(w.id);
      q.remove(w);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(q.size).toBe(0);
  });

  test('behaves as an array model under random push/shift/remove (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('push', 'shift', 'remove'), fc.nat(20))), (ops) => {
        const q = new WaitQueue<Item>();
        const model: Item[] = [];
        let next = 0;
        for (const [op, n] of ops) {
          if (op === 'push') {
            const it = new Item(next++);
            q.push(it);
            model.push(it);
          } else if (op === 'shift') {
            expect(q.shift()).toBe(model.shift());
          } else if (model.length > 0) {
            const victim = model.splice(n % model.length, 1)[0]!;
            expect(q.remove(victim)).toBe(true);
          }
          expect(q.size).toBe(model.length);
        }
        expect([...q]).toEqual(model);
      }),
    );
  });
});
