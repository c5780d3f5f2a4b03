import { describe, expect, test } from 'vitest';
import { fallback } from '../src/index';

describe('fallback', () => {
  test('a failure gives the fallback value, or the result of the fallback function of the error', async () => {
    expect(await fallback(0).execute(() => Promise.reject(new Error('x')))).toBe(0);
    expect(
      await fallback(async (e: unknown) => `recovered from ${(e as Error).message}`).execute(() => {
        throw new Error('sync');
      }),
    ).toBe('recovered from sync');
    expect(await fallback(0).execute(() => 42)).toBe(42);
  });

  test('`when` limits which errors are answered; a throwing fallback function rejects with its error', async () => {
    const policy = fallback('cached', { when: (e) => (e as Error).message === 'timeout' });
    expect(await policy.execute(() => Promise.reject(new Error('timeout')))).toBe('cached');
    await expect(policy.execute(() => Promise.reject(new Error('403')))).rejects.toThrow('403');
    await expect(
      fallback(() => {
        throw new Error('fallback broke');
      }).execute(() => Promise.reject(new Error('x'))),
    ).rejects.toThrow('fallback broke');
  });

  test("the caller's abort is not answered by the fallback", async () => {
    const ac = new AbortController();
    const call = fallback('value').execute(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      { signal: ac.signal },
    );
    ac.abort('stop');
    await expect(call).rejects.toBe('stop');
  });

  test('bad options throw, naming the option', () => {
    expect(() => fallback(1, { when: 'x' as never })).toThrow(/when must be a function, got "x" \(string\)/);
    expect(() => fallback(1, { if: () => true } as never)).toThrow(/unknown option "if" of fallback/);
  });
});
