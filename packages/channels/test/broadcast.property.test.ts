import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type BroadcastReceiver, broadcast, ChannelClosedError } from '../src/index';

type Op =
  | { kind: 'send' }
  | { kind: 'tryRecv'; rx: number }
  | { kind: 'subscribe' }
  | { kind: 'close'; rx: number }
  | { kind: 'closeSender' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'send' } as const), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('tryRecv' as const), rx: fc.nat(5) }), weight: 6 },
  { arbitrary: fc.constant({ kind: 'subscribe' } as const), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const), rx: fc.nat(5) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'closeSender' } as const), weight: 1 },
);

describe('broadcast: property tests', () => {
  test('every receiver sees the log from its subscription, lagging exactly as a ring of capacity would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(op, { maxLength: 120 }), (asked, ops) => {
        const [tx, first] = broadcast<number>(asked);
        const capacity = tx.capacity;
        expect(capacity).toBeGreaterThanOrEqual(asked);
        expect(capacity & (capacity - 1)).toBe(0);
        // The model: an unbounded log, and each receiver's position in it.
        const log: number[] = [];
        const rxs: { rx: BroadcastReceiver<number>; next: number; open: boolean }[] = [
          { rx: first, next: 0, open: true },
        ];
        let senderOpen = true;
        for (const o of ops) {
          const open = rxs.filter((r) => r.open).length;
          switch (o.kind) {
            case 'send': {
              if (!senderOpen) break;
              const value = log.length;
              if (open === 0) {
                expect(() => tx.send(value)).toThrow(ChannelClosedError);
              } else {
                expect(tx.send(value)).toBe(open);
                log.push(value);
              }
              break;
            }
            case 'tryRecv': {
              const r = rxs[o.rx % rxs.length]!;
              const got = r.rx.tryRecv();
              if (!r.open) {
                expect(got).toEqual({ ok: false, reason: 'disconnected' });
              } else if (r.next < log.length - capacity) {
                const oldest = log.length - capacity;
                expect(got).toEqual({ ok: false, reason: 'lagged', skipped: oldest - r.next });
                r.next = oldest;
              } else if (r.next < log.length) {
                expect(got).toEqual({ ok: true, value: log[r.next] });
                r.next++;
              } else {
                expect(got).toEqual({ ok: false, reason: senderOpen ? 'empty' : 'disconnected' });
              }
              break;
            }
            case 'subscribe':
              if (senderOpen) rxs.push({ rx: tx.subscribe(), next: log.length, open: true });
              break;
            case 'close': {
              const r = rxs[o.rx % rxs.length]!;
              r.rx.close();
              r.open = false;
              break;
            }
            case 'closeSender':
              tx.close();
              senderOpen = false;
              break;
          }
          expect(tx.receiverCount).toBe(rxs.filter((r) => r.open).length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
