import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ArrayQueue } from '../src/array-queue';

describe('ArrayQueue', () => {
  test('any sequence of push, shift and retain behaves as a plain array would', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), n: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ kind: fc.constant('shift' as const), n: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ kind: fc.constant('retain' as const), mod: fc.integer({ min: 2, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const q = new ArrayQueue<number>();
        const model: number[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            for (let i = 0; i < o.n; i++, next++) {
              q.push(next);
              model.push(next);
            }
          } else if (o.kind === 'shift') {
            for (let i = 0; i < o.n; i++) expect(q.shift()).toBe(model.shift());
          } else {
            q.retain((x) => x % o.mod !== 0);
            model.splice(0, model.length, ...model.filter((x) => x % o.mod !== 0));
          }
          expect(q.length).toBe(model.length);
          // The consumed front is dropped: the array never holds much more than twice what is queued.
          expect(q.slots).toBeLessThanOrEqual(Math.max(2 * model.length, 2048) + 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
