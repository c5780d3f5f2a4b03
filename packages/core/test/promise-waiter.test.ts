import { describe, expect, test } from 'vitest';
import { abortPending, watchAbort } from '../src/abort-watch';
import { PromiseWaiter } from '../src/promise-waiter';
import { WaitQueue } from '../src/wait-queue';

class Ticket extends PromiseWaiter<string> {
  aborts = 0;
  onAbort(reason: unknown): void {
    this.aborts++;
    this.queue?.remove(this);
    this.reject(reason);
  }
}

describe('PromiseWaiter', () => {
  test('promise() is settled through the waiter, once per wait', async () => {
    const w = new Ticket();
    const first = w.promise();
    w.resolve('a');
    w.resolve('ignored');
    await expect(first).resolves.toBe('a');
    const second = w.promise();
    expect(second).not.toBe(first);
    w.reject(new Error('b'));
    await expect(second).rejects.toThrow('b');
  });

  test('promiseResolveOnly(): resolve settles it; reject still rejects it, and only the current wait', async () => {
    const w = new Ticket();
    const earlier = w.promise(); // a wait with both settle functions stored
    w.resolve('earlier');
    const served = w.promiseResolveOnly();
    w.resolve('served');
    await expect(served).resolves.toBe('served');
    const failed = w.promiseResolveOnly();
    w.reject(new Error('closed'));
    w.resolve('ignored'); // settled once
    await expect(failed).rejects.toThrow('closed');
    await expect(earlier).resolves.toBe('earlier'); // the reject of the earlier wait was not reused
    const next = w.promise(); // a later wait with a signal gets its own reject again
    w.reject(new Error('aborted'));
    await expect(next).rejects.toThrow('aborted');
  });

  test('two waiters hold their own settle functions', async () => {
    const a = new Ticket();
    const b = new Ticket();
    const pa = a.promise();
    const pb = b.promise();
    b.resolve('b');
    a.resolve('a');
    await expect(Promise.all([pa, pb])).resolves.toEqual(['a', 'b']);
  });
});

describe('abortPending', () => {
  test('is true for waiters of an aborting signal whose onAbort is still to come', () => {
    const controller = new AbortController();
    const queue = new WaitQueue<Ticket>();
    const seen: boolean[] = [];
    const first = new Ticket();
    const second = new Ticket();
    for (const w of [first, second]) {
      w.promise().catch(() => {});
      queue.push(w);
      watchAbort(w, controller.signal);
    }
    first.onAbort = (reason) => {
      seen.push(abortPending(first), abortPending(second));
      Ticket.prototype.onAbort.call(first, reason);
    };
    expect(abortPending(first)).toBe(false);
    controller.abort();
    expect(seen).toEqual([false, true]);
    expect(abortPending(second)).toBe(false);
    expect(second.aborts).toBe(1);
    expect(queue.size).toBe(0);
  });
});
