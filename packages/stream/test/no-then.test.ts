import { expect, test } from 'vitest';

test('the module namespace is not a thenable: `await import()` settles', async () => {
  const mod = await import('../src/index');
  expect('then' in mod).toBe(false);
  expect(typeof mod.stream).toBe('function');
});

test('a fluent stream has no `then`, so awaiting it yields the stream itself', async () => {
  const { stream } = await import('../src/index');
  const s = stream([1, 2]);
  expect('then' in s).toBe(false);
  expect(await s).toBe(s);
});
