import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { CancellationToken } from '../src/cancellation-token';
import { CancelledError } from '../src/errors';
import { selectTry, selectWait } from '../src/selectable';

describe('CancellationToken (tokio-util rules)', () => {
  test('cancelling a parent cancels its children and grandchildren before cancel() returns', () => {
    const parent = new CancellationToken();
    const child = parent.child();
    const grandchild = child.child();
    parent.cancel();
    expect([parent.isCancelled, child.isCancelled, grandchild.isCancelled]).toEqual([true, true, true]);
  });

  test('cancelling a child never cancels its parent or siblings', () => {
    const parent = new CancellationToken();
    const a = parent.child();
    const b = parent.child();
    a.cancel();
    expect([parent.isCancelled, a.isCancelled, b.isCancelled]).toEqual([false, true, false]);
  });

  test('a child of a cancelled token starts cancelled, with the same reason', () => {
    const parent = new CancellationToken();
    parent.cancel('why');
    const child = parent.child();
    expect(child.isCancelled).toBe(true);
    expect(child.reason).toBe('why');
  });

  test('cancelled() resolves at once when already cancelled, and later otherwise', async () => {
    const token = new CancellationToken();
    let done = false;
    const waiting = token.cancelled().then(() => (done = true));
    await null;
    expect(done).toBe(false);
    token.cancel();
    await waiting;
    expect(done).toBe(true);
    await token.cancelled();
  });

  test('signal is aborted with the reason, also when first read after cancellation', () => {
    const early = new CancellationToken();
    const signal = early.signal;
    early.cancel('r1');
    expect(signal.aborted && signal.reason).toBe('r1');
    const late = new CancellationToken();
    late.cancel();
    expect(late.signal.aborted).toBe(true);
    expect(CancelledError.is(late.signal.reason)).toBe(true);
  });

  test('cancel is idempotent: the first reason stays', () => {
    const token = new CancellationToken();
    token.cancel('first');
    token.cancel('second');
    expect(token.reason).toBe('first');
  });

  test('disposing cancels (the drop guard); a disarmed dropGuard does not', () => {
    const parent = new CancellationToken();
    let child: CancellationToken;
    {
      using c = parent.child();
      child = c;
    }
    expect(child.isCancelled).toBe(true);
    expect(parent.isCancelled).toBe(false);
    const token = new CancellationToken();
    {
      using guard = token.dropGuard();
      guard.disarm();
    }
    expect(token.isCancelled).toBe(false);
    {
      using _guard = token.dropGuard();
    }
    expect(token.isCancelled).toBe(true);
  });

  test('a cancelled child leaves its parent, so a long-lived parent does not grow', () => {
    const parent = new CancellationToken();
    for (let i = 0; i < 1000; i++) parent.child().cancel();
    expect((parent as unknown as { children?: Set<unknown> }).children?.size ?? 0).toBe(0);
  });

  test('runUntilCancelled returns the value, or undefined when cancelled first or already', async () => {
    const token = new CancellationToken();
    expect(await token.runUntilCancelled(Promise.resolve(5))).toBe(5);
    const never = new Promise<number>(() => {});
    const pending = token.runUntilCancelled(never);
    token.cancel();
    expect(await pending).toBeUndefined();
    expect(await token.runUntilCancelled(Promise.resolve(1))).toBeUndefined();
  });

  test('runUntilCancelled leaves no registration behind once the operation settles', async () => {
    const token = new CancellationToken();
    for (let i = 0; i < 100; i++) await token.runUntilCancelled(Promise.resolve(i));
    expect((token as unknown as { wakers: { size: number } }).wakers.size).toBe(0);
  });

  test('is selectable: ready once cancelled, and wakes its registrations', () => {
    const token = new CancellationToken();
    expect(token[selectTry]()).toBeUndefined();
    let woken = 0;
    token[selectWait](() => woken++);
    const unregister = token[selectWait](() => woken++);
    unregister();
    token.cancel();
    expect(woken).toBe(1);
    expect(token[selectTry]()).toEqual({ value: undefined });
  });

  test('a waiter woken by cancel() that throws keeps no other token or waiter from being cancelled', () => {
    const parent = new CancellationToken();
    const child = parent.child();
    let woken = 0;
    parent[selectWait](() => {
      throw new Error('hostile wake');
    });
    parent[selectWait](() => woken++);
    expect(() => parent.cancel()).toThrow('hostile wake');
    expect([parent.isCancelled, child.isCancelled, woken]).toEqual([true, true, 1]);
  });
});

describe('CancellationToken.fromSignal', () => {
  test("is cancelled with the signal's reason when it aborts, and cancels its children", () => {
    const controller = new AbortController();
    const token = CancellationToken.fromSignal(controller.signal);
    const child = token.child();
    expect(token.isCancelled).toBe(false);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect([token.isCancelled, token.reason, child.reason, token.signal.reason]).toEqual([
      true,
      reason,
      reason,
      reason,
    ]);
  });

  test('from an already-aborted signal: cancelled at once, no listener attached', () => {
    const signal = AbortSignal.abort('early');
    const token = CancellationToken.fromSignal(signal);
    expect([token.isCancelled, token.reason]).toEqual([true, 'early']);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  test('100,000 tokens from one signal share one listener; cancelled or disposed ones leave none', async () => {
    const controller = new AbortController();
    const tokens = Array.from({ length: 100_000 }, () => CancellationToken.fromSignal(controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const [i, token] of tokens.entries()) {
      if (i % 2 === 0) token.cancel();
      else token[Symbol.dispose]();
    }
    await null;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort('late');
    expect(tokens.every((t) => t.reason !== 'late')).toBe(true);
  });

  test('cancelling the token never aborts the signal it came from', () => {
    const controller = new AbortController();
    CancellationToken.fromSignal(controller.signal).cancel();
    expect(controller.signal.aborted).toBe(false);
  });

  test('a non-signal is a TypeError at the call', () => {
    expect(() => CancellationToken.fromSignal({} as never)).toThrow(
      new TypeError('CancellationToken.fromSignal: signal must be an AbortSignal, got an object'),
    );
  });
});
