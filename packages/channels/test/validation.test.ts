// Bad input fails at the call and says what it got; `undefined`, which a receive returns for the end
// of an mpsc or broadcast channel, is refused as a message there (and by the types).
import { describe, expect, test } from 'vitest';
import { broadcast, mpsc, oneshot, watch } from '../src/index';

/** Calls `f` and returns what it threw. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('capacities and counts say what they got', () => {
  test('a capacity of the wrong type is a TypeError naming its type', () => {
    for (const make of [(c: number) => mpsc.channel(c), (c: number) => broadcast(c)]) {
      expect(() => make('10' as unknown as number)).toThrow(
        new TypeError('capacity must be an integer, got "10" (string)'),
      );
      expect(() => make(undefined as unknown as number)).toThrow(
        new TypeError('capacity must be an integer, got undefined'),
      );
      expect(() => make(10n as unknown as number)).toThrow(TypeError);
    }
  });

  test('a capacity out of range is a RangeError naming the value', () => {
    expect(() => mpsc.channel(0)).toThrow(new RangeError('capacity must be an integer >= 1, got 0 (number)'));
    expect(() => mpsc.channel(1.5)).toThrow(
      new RangeError('capacity must be an integer >= 1, got 1.5 (number)'),
    );
    expect(() => mpsc.channel(Number.NaN)).toThrow(RangeError);
    expect(() => broadcast(0)).toThrow(
      new RangeError(`capacity must be an integer from 1 to ${2 ** 30}, got 0 (number)`),
    );
  });

  test('recvMany and reserveMany check their count at the call', () => {
    const [tx, rx] = mpsc.channel<number>(2);
    expect(() => rx.recvMany(-1)).toThrow(new RangeError('limit must be an integer >= 0, got -1 (number)'));
    expect(() => rx.recvMany('3' as unknown as number)).toThrow(
      new TypeError('limit must be an integer, got "3" (string)'),
    );
    expect(() => tx.reserveMany(0.5)).toThrow(new RangeError('n must be an integer >= 0, got 0.5 (number)'));
  });
});

describe('wait options', () => {
  test('an unknown option key is a TypeError naming the key, on every waiting call', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    const [otx, orx] = oneshot<number>();
    const [btx, brx] = broadcast<number>(2);
    const [wtx, wrx] = watch(0);
    const typo = { sginal: new AbortController().signal } as unknown as { signal: AbortSignal };
    const calls: (() => unknown)[] = [
      () => tx.send(1, typo),
      () => tx.reserve(typo),
      () => tx.reserveMany(1, typo),
      () => tx.closed(typo),
      () => rx.recv(typo),
      () => rx.recvMany(1, typo),
      () => orx.recv(typo),
      () => otx.closed(typo),
      () => brx.recv(typo),
      () => wrx.changed(typo),
      () => wtx.closed(typo),
    ];
    for (const call of calls) {
      expect(thrown(call)).toEqual(
        new TypeError("options has an unknown option 'sginal' (accepted: signal)"),
      );
    }
    btx.close();
  });

  test('options that are not an object, or a signal that is not an AbortSignal, are TypeErrors', () => {
    const [, rx] = mpsc.channel<number>(1);
    expect(() => rx.recv(5 as unknown as undefined)).toThrow(
      new TypeError('options must be an object, got 5 (number)'),
    );
    expect(() => rx.recv(null as unknown as undefined)).toThrow(
      new TypeError('options must be an object, got null'),
    );
    expect(() => rx.recv({ signal: 'stop' as unknown as AbortSignal })).toThrow(
      new TypeError('options.signal must be an AbortSignal, got "stop" (string)'),
    );
  });

  test('{ signal: undefined } and an options object with only a signal are accepted', async () => {
    const [tx, rx] = mpsc.channel<number>(1);
    await tx.send(1, { signal: undefined });
    expect(await rx.recv({ signal: new AbortController().signal })).toBe(1);
  });
});

describe('undefined is not a message where it means the end', () => {
  test('mpsc: every way to send refuses undefined at the call, and nothing is sent', async () => {
    const [tx, rx] = mpsc.channel<number | null>(2);
    const [utx, urx] = mpsc.unbounded<number | null>();
    const permit = await tx.reserve();
    const refused = new TypeError(
      'value must not be undefined: a receive returns undefined for the end of the channel',
    );
    const u = undefined as unknown as number;
    expect(() => tx.send(u)).toThrow(refused);
    expect(() => tx.trySend(u)).toThrow(refused);
    expect(() => permit.send(u)).toThrow(refused);
    expect(() => utx.send(u)).toThrow(refused);
    expect(permit.remaining).toBe(1);
    expect(rx.length + urx.length).toBe(0);
    permit.send(null); // null is a message like any other
    expect(await rx.recv()).toBeNull();
  });

  test('broadcast refuses undefined; oneshot and watch, which never use it for their end, accept it', async () => {
    const [btx, brx] = broadcast<string | null>(2);
    expect(() => btx.send(undefined as unknown as string)).toThrow(TypeError);
    expect(brx.tryRecv()).toEqual({ ok: false, reason: 'empty' });
    const [otx, orx] = oneshot<undefined>();
    expect(otx.send(undefined)).toBe(true);
    expect(await orx).toBeUndefined();
    const [wtx, wrx] = watch<string | undefined>('set');
    wtx.send(undefined);
    await wrx.changed();
    expect(wrx.borrow()).toBeUndefined();
  });

  test('the types refuse undefined as an mpsc or broadcast message', () => {
    // Compile-time checks (typecheck runs over the tests): each line must be a type error.
    // @ts-expect-error a channel of T | undefined could not tell a message from its end
    expect(() => mpsc.channel<number | undefined>(1)).not.toThrow();
    // @ts-expect-error the same for unbounded channels
    expect(() => mpsc.unbounded<string | undefined>()).not.toThrow();
    // @ts-expect-error and for broadcast
    expect(() => broadcast<undefined>(1)).not.toThrow();
    // oneshot and watch accept undefined: a `oneshot<void>` is a plain "done" signal.
    expect(() => oneshot<void>()).not.toThrow();
  });
});
