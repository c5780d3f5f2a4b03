import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { type BroadcastReceiver, broadcast } from '../src/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap growth from filling a channel of `capacity` twice over, with `receivers` that read nothing. */
function growthFromSending(receivers: number, capacity: number): { perReceiver: number; sending: number } {
  const before = heapUsed();
  const [tx, first] = broadcast<Uint8Array>(capacity);
  const rxs: BroadcastReceiver<Uint8Array>[] = [first];
  for (let i = 1; i < receivers; i++) rxs.push(tx.subscribe());
  const subscribed = heapUsed();
  for (let i = 0; i < capacity * 2; i++) tx.send(new Uint8Array(1024));
  const filled = heapUsed();
  expect(tx.receiverCount).toBe(receivers);
  expect(rxs[receivers - 1]!.length).toBe(capacity * 2);
  return { perReceiver: (subscribed - before) / receivers, sending: filled - subscribed };
}

test('broadcast with 10,000 receivers and capacity 1,024: the heap grows with capacity, not receivers', () => {
  const many = growthFromSending(10_000, 1024);
  const few = growthFromSending(10, 1024);
  // 1,024 retained values of ~1 KiB each: about 1 MiB plus the ring, whatever the number of receivers.
  // A copy per receiver would hold 10,000 × 1,024 references (80 MB) at least.
  expect(many.sending).toBeLessThan(4 * 2 ** 20);
  expect(many.sending).toBeLessThan(few.sending + 2 ** 20);
  // A receiver itself is a small object.
  expect(many.perReceiver).toBeLessThan(512);
});
