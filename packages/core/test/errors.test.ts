import { describe, expect, test } from 'vitest';
import { CancelledError, hasErrorCode, JoinError } from '../src/errors';

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
