import { describe, expect, test } from 'vitest';
import { AsyncError, CancelledError, hasErrorCode, JoinError } from '../src/errors';

describe('errors', () => {
  test('carry a stable code and a name', () => {
    expect(new CancelledError()).toMatchObject({ code: 'ERR_CANCELLED', name: 'AbortError' });
    expect(new JoinError(false, new Error('x'))).toMatchObject({ code: 'ERR_JOIN', name: 'JoinError' });
  });

  test('are recognised without instanceof, by the Symbol.for brand another copy of the package shares', () => {
    const fromOtherCopy = { [Symbol.for('@async/error-code')]: 'ERR_CANCELLED' };
    expect(CancelledError.is(fromOtherCopy)).toBe(true);
    expect(JoinError.is(fromOtherCopy)).toBe(false);
    expect(CancelledError.is(new Error('x'))).toBe(false);
    expect(CancelledError.is(null)).toBe(false);
    expect(hasErrorCode('ERR_CANCELLED', 'ERR_CANCELLED')).toBe(false);
  });

  test('a class declares its code once: instances carry it and the inherited `is` checks it', () => {
    class QuotaError extends AsyncError {
      static override readonly code = 'ERR_QUOTA';
      declare static readonly is: (e: unknown) => e is QuotaError;
    }
    class Forgetful extends AsyncError {}
    const e = new QuotaError('over');
    expect(e.code).toBe('ERR_QUOTA');
    expect(Object.hasOwn(e, 'code')).toBe(true); // shown by util.inspect, as Node's own errors show theirs
    expect(QuotaError.is(e)).toBe(true);
    expect(CancelledError.is(e)).toBe(false);
    expect(QuotaError.is(new CancelledError())).toBe(false);
    expect(QuotaError.is({ [Symbol.for('@async/error-code')]: 'ERR_QUOTA' })).toBe(true);
    expect(CancelledError.code).toBe('ERR_CANCELLED');
    expect(JoinError.code).toBe('ERR_JOIN');
    expect(new Forgetful().code).toBe('ERR_ASYNC');
  });

  test('`is` taken off its class still checks that class, and is one function per class', () => {
    const errors: unknown[] = [new CancelledError(), new JoinError(true, undefined), new Error('x')];
    const joinErrors: JoinError[] = errors.filter(JoinError.is);
    expect(joinErrors).toEqual([errors[1]]);
    expect(errors.filter(CancelledError.is)).toEqual([errors[0]]);
    expect(errors.filter(AsyncError.is)).toHaveLength(2);
    const { is } = CancelledError;
    expect(is(errors[0])).toBe(true);
    expect(is(errors[1])).toBe(false);
    expect(CancelledError.is).toBe(CancelledError.is);
  });

  test('AsyncError.is recognises any @async error, from any copy, and nothing else', () => {
    expect(AsyncError.is(new CancelledError())).toBe(true);
    expect(AsyncError.is(new JoinError(true, undefined))).toBe(true);
    expect(AsyncError.is({ [Symbol.for('@async/error-code')]: 'ERR_ANYTHING' })).toBe(true);
    expect(AsyncError.is(new Error('x'))).toBe(false);
    expect(AsyncError.is(Object.assign(new Error('x'), { code: 'ERR_CANCELLED' }))).toBe(false);
    expect(AsyncError.is(undefined)).toBe(false);
  });

  test('instanceof answers by brand, so an error of another copy is an instance', () => {
    const fromOtherCopy = Object.assign(Object.create(Error.prototype), {
      [Symbol.for('@async/error-code')]: 'ERR_JOIN',
    }) as unknown;
    expect(fromOtherCopy instanceof JoinError).toBe(true);
    expect(fromOtherCopy instanceof AsyncError).toBe(true);
    expect(fromOtherCopy instanceof CancelledError).toBe(false);
    expect(new JoinError(true, undefined) instanceof CancelledError).toBe(false);
    expect(new Error('x') instanceof AsyncError).toBe(false);
    expect({ code: 'ERR_JOIN' } instanceof JoinError).toBe(false);
    expect((null as unknown) instanceof AsyncError).toBe(false);
  });

  test('a class without a code of its own answers instanceof by prototype', () => {
    abstract class NetLikeError extends AsyncError {}
    class RefusedError extends NetLikeError {
      static override readonly code = 'ERR_REFUSED';
    }
    class MyJoinError extends JoinError {}
    expect(new RefusedError() instanceof NetLikeError).toBe(true);
    expect(new JoinError(false, 1) instanceof NetLikeError).toBe(false);
    expect(new RefusedError() instanceof RefusedError).toBe(true);
    // A subclass keeping its parent's code: a plain JoinError is not one.
    expect(new JoinError(false, 1) instanceof MyJoinError).toBe(false);
    expect(new MyJoinError(false, 1) instanceof JoinError).toBe(true);
  });

  test('JoinError tells cancellation from failure and keeps the cause', () => {
    const cause = new Error('boom');
    const failed = new JoinError(false, cause, 'worker');
    expect(failed.isFailure()).toBe(true);
    expect(failed.isCancelled()).toBe(false);
    expect(failed.cause).toBe(cause);
    expect(failed.message).toBe("task 'worker' failed: boom");
    const cancelled = new JoinError(true, 'why');
    expect(cancelled.isCancelled()).toBe(true);
    expect(cancelled.message).toBe('task was cancelled');
  });
});
